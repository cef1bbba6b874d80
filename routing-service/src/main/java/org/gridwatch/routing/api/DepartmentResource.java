package org.gridwatch.routing.api;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.gridwatch.common.api.ApiException;
import org.gridwatch.common.api.Roles;
import org.gridwatch.routing.service.RoutingAdmin;

/** Departments that tickets go to. */
@Path("/api/v1/departments")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.STAFF, Roles.SUPERVISOR})
public class DepartmentResource {

    private final RoutingAdmin admin;

    public DepartmentResource(RoutingAdmin admin) {
        this.admin = admin;
    }

    @GET
    public List<AdminDtos.Department> list() {
        return admin.departments();
    }

    @GET
    @Path("/{id}")
    public AdminDtos.Department get(@PathParam("id") String id) {
        return admin.department(id).orElseThrow(() -> ApiException.notFound("No department " + id));
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    public AdminDtos.Department put(@PathParam("id") String id, @NotNull @Valid AdminDtos.Department body) {
        return admin.putDepartment(id, body);
    }
}
