package org.gridwatch.intake.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.gridwatch.common.api.Page;
import org.gridwatch.common.api.Roles;
import org.gridwatch.intake.service.ReportQueries;

/** A reporter's own reports. */
@Path("/api/v1/reports")
@Produces(MediaType.APPLICATION_JSON)
public class ReportResource {

    private final ReportQueries queries;
    private final JsonWebToken caller;

    public ReportResource(ReportQueries queries, JsonWebToken caller) {
        this.queries = queries;
        this.caller = caller;
    }

    /** The caller's reports, newest first ({@code ?mine} is implied: a reporter only ever lists their own). */
    @GET
    @RolesAllowed(Roles.REPORTER)
    public Page<ReportSummary> mine(@QueryParam("cursor") String cursor,
                                    @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(Page.MAX_LIMIT) int limit) {
        return queries.mine(caller.getSubject(), cursor, limit);
    }
}
