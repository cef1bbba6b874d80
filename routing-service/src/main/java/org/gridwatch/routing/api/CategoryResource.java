package org.gridwatch.routing.api;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.gridwatch.common.api.ApiException;
import org.gridwatch.common.api.Problem;
import org.gridwatch.common.api.Roles;
import org.gridwatch.contracts.Priority;
import org.gridwatch.contracts.events.Category;
import org.gridwatch.routing.service.CatalogueAdmin;

/** The category catalogue (DESIGN.md section 9 Category shape). */
@Path("/api/v1/categories")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.STAFF, Roles.SUPERVISOR, Roles.REPORTER})
public class CategoryResource {

    /** A category as an administrator sends it; {@code updatedAt} is set by routing. */
    public record CategoryInput(String code, @NotBlank @Size(max = 100) String nameZh, @NotBlank @Size(max = 100) String nameEn,
                                @NotNull Priority priority, @Min(0) @Max(5000) int dedupRadiusM,
                                @Min(0) @Max(24 * 90) int dedupWindowHours, @Size(max = 100) String open311Group,
                                @Size(max = 30) List<@NotBlank @Size(max = 50) String> keywords, boolean active) {
    }

    private final CatalogueAdmin catalogue;

    public CategoryResource(CatalogueAdmin catalogue) {
        this.catalogue = catalogue;
    }

    @GET
    public List<Category> list() {
        return catalogue.all();
    }

    @GET
    @Path("/{code}")
    public Category get(@PathParam("code") String code) {
        return catalogue.get(code).orElseThrow(() -> ApiException.notFound("No category " + code));
    }

    @PUT
    @Path("/{code}")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    public Category put(@PathParam("code") String code, @NotNull @Valid CategoryInput body) {
        if (!code.matches("[A-Z][A-Z0-9_]{0,63}")) {
            throw ApiException.badRequest("Not a category code", List.of(new Problem.FieldError("code", "must look like MANHOLE_COVER")));
        }
        if (body.code() != null && !body.code().equals(code)) {
            throw ApiException.unprocessable("Code mismatch", List.of(new Problem.FieldError("code", "must match the path")));
        }
        return catalogue.put(new Category(code, body.nameZh(), body.nameEn(), body.priority(), body.dedupRadiusM(),
                body.dedupWindowHours(), body.open311Group(), body.keywords(), body.active(), null));
    }
}
