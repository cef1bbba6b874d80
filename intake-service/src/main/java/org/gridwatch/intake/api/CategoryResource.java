package org.gridwatch.intake.api;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.gridwatch.common.api.Roles;
import org.gridwatch.contracts.events.Category;
import org.gridwatch.intake.service.CatalogueService;

/** The active category catalogue, for the courier app's report form. */
@Path("/api/v1/categories")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.REPORTER, Roles.STAFF, Roles.SUPERVISOR, Roles.ADMIN})
public class CategoryResource {

    private final CatalogueService catalogue;

    public CategoryResource(CatalogueService catalogue) {
        this.catalogue = catalogue;
    }

    @GET
    public List<Category> list() {
        return catalogue.active();
    }
}
