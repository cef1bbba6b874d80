package org.gridwatch.routing.api;

import java.net.URI;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.gridwatch.common.api.Roles;
import org.gridwatch.routing.service.RoutingAdmin;
import org.jboss.resteasy.reactive.RestResponse;

/** The routing rules; every change makes a new rule-set version. */
@Path("/api/v1/routing-rules")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class RuleResource {

    private final RoutingAdmin admin;

    public RuleResource(RoutingAdmin admin) {
        this.admin = admin;
    }

    @GET
    public AdminDtos.RuleList list() {
        return admin.rules();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<AdminDtos.Rule> create(@NotNull @Valid AdminDtos.Rule body) {
        AdminDtos.Rule rule = admin.createRule(body);
        return RestResponse.ResponseBuilder.<AdminDtos.Rule>created(URI.create("/api/v1/routing-rules/" + rule.id()))
                .entity(rule).build();
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public AdminDtos.Rule replace(@PathParam("id") String id, @NotNull @Valid AdminDtos.Rule body) {
        return admin.replaceRule(id, body);
    }

    @DELETE
    @Path("/{id}")
    public RestResponse<Void> delete(@PathParam("id") String id) {
        admin.deleteRule(id);
        return RestResponse.noContent();
    }
}
