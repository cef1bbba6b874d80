package org.gridwatch.resolution.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.gridwatch.common.api.Page;
import org.gridwatch.common.api.Roles;
import org.gridwatch.common.security.Caller;
import org.gridwatch.resolution.service.StatsQueries;

import io.quarkus.security.identity.SecurityIdentity;

/** Supervisors' resolution statistics and overdue list, confined to the area of their token. */
@Path("/api/v1/stats")
@RolesAllowed(Roles.SUPERVISOR)
public class StatsResource {

    static final String TEXT_CSV = "text/csv";

    private final StatsQueries queries;
    private final SecurityIdentity identity;

    public StatsResource(StatsQueries queries, SecurityIdentity identity) {
        this.queries = queries;
        this.identity = identity;
    }

    /** Rates for tickets assigned in [from, to), JSON or (with {@code Accept: text/csv}) CSV. */
    @GET
    @Path("/resolution")
    @Produces({MediaType.APPLICATION_JSON, TEXT_CSV})
    public Response resolution(@QueryParam("groupBy") String groupBy, @QueryParam("level") String level,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("area") String area,
            @QueryParam("department") String department, @QueryParam("category") String category,
            @QueryParam("minTickets") String minTickets, HttpHeaders headers) {
        StatsRequest request = StatsRequest.parse(groupBy, level, from, to, area, department, category, minTickets, queries.zone());
        StatsReportView report = queries.resolution(Caller.of(identity).area(), request);
        if (wantsCsv(headers)) {
            return Response.ok(StatsCsv.write(report.rows()), TEXT_CSV).build();
        }
        return Response.ok(report, MediaType.APPLICATION_JSON).build();
    }

    /** Open tickets in scope past a deadline, most overdue first, cursor-paged. */
    @GET
    @Path("/overdue")
    @Produces(MediaType.APPLICATION_JSON)
    public Page<OverdueTicketView> overdue(@QueryParam("area") String area, @QueryParam("department") String department,
            @QueryParam("category") String category, @QueryParam("cursor") String cursor,
            @QueryParam("limit") String limit) {
        return queries.overdue(Caller.of(identity).area(), StatsRequest.blankToNull(area),
                StatsRequest.blankToNull(department), StatsRequest.blankToNull(category),
                StatsRequest.blankToNull(cursor), Page.limit(limit));
    }

    private static boolean wantsCsv(HttpHeaders headers) {
        for (MediaType type : headers.getAcceptableMediaTypes()) {
            if (type.isWildcardType()) {
                return false;
            }
            if (type.getType().equals("text") && type.getSubtype().equals("csv")) {
                return true;
            }
            if (type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return false;
            }
        }
        return false;
    }
}
