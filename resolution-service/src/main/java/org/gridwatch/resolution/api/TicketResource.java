package org.gridwatch.resolution.api;

import java.time.OffsetDateTime;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.gridwatch.common.api.ApiException;
import org.gridwatch.common.api.Roles;
import org.gridwatch.resolution.service.TicketQueries;
import org.jboss.resteasy.reactive.RestResponse;

/** Department staff's view of their tickets. */
@Path("/api/v1/tickets")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.STAFF)
public class TicketResource {

    private final TicketQueries queries;
    private final JsonWebToken caller;

    public TicketResource(TicketQueries queries, JsonWebToken caller) {
        this.queries = queries;
        this.caller = caller;
    }

    /** A ticket of the caller's department, with its reports and history; its ETag is its version. */
    @GET
    @Path("/{id}")
    public RestResponse<TicketView> get(@PathParam("id") String id) {
        String department = caller.getClaim(Roles.DEPT_CLAIM);
        TicketView ticket = queries.find(id, department, OffsetDateTime.now())
                .orElseThrow(() -> ApiException.notFound("No ticket " + id + " in your department"));
        return RestResponse.ResponseBuilder.ok(ticket)
                .tag(new EntityTag(Long.toString(ticket.version())))
                .build();
    }
}
