package org.gridwatch.routing.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

import org.gridwatch.common.api.ApiException;
import org.gridwatch.common.api.Problem;
import org.gridwatch.common.api.Roles;
import org.gridwatch.routing.domain.Area;
import org.gridwatch.routing.domain.AreaIndex;
import org.gridwatch.routing.domain.Location;
import org.gridwatch.routing.service.AreaDirectory;
import org.locationtech.jts.io.geojson.GeoJsonWriter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The grid hierarchy: import it whole as GeoJSON, read one area, locate a point. */
@Path("/api/v1/areas")
public class AreaResource {

    public static final String GEO_JSON = "application/geo+json";

    /** What an accepted import installed. */
    public record ImportSummary(long version, int areas, int grids) {
    }

    /** An area as a GeoJSON Feature. */
    public record AreaFeature(String type, JsonNode geometry, AreaProperties properties) {
    }

    /** The properties of an area's Feature: those of the import, plus its path from the city. */
    public record AreaProperties(String code, String name, String level, String parentCode, List<String> path) {
    }

    /** The grid holding a point and its path city → grid, or unlocated. */
    public record LocationView(String gridCode, List<String> areaPath, boolean unlocated) {
    }

    private final AreaDirectory directory;
    private final ObjectMapper mapper;

    public AreaResource(AreaDirectory directory, ObjectMapper mapper) {
        this.directory = directory;
        this.mapper = mapper;
    }

    @PUT
    @Consumes({GEO_JSON, MediaType.APPLICATION_JSON})
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public ImportSummary importAreas(InputStream body, @Context SecurityContext security) throws IOException {
        // Not bound to records: the validator measures the body as it streams, then reports every fault by feature,
        // where binding would stop at the first.
        AreaDirectory.ImportOutcome outcome = directory.importAreas(body.readAllBytes(), security.getUserPrincipal().getName());
        return new ImportSummary(outcome.version(), outcome.areas(), outcome.grids());
    }

    @GET
    @Path("/locate")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.REPORTER, Roles.STAFF, Roles.SUPERVISOR, Roles.ADMIN})
    public LocationView locate(@QueryParam("lat") String lat, @QueryParam("lon") String lon) {
        List<Problem.FieldError> errors = new ArrayList<>();
        double latitude = coordinate("lat", lat, 90, errors);
        double longitude = coordinate("lon", lon, 180, errors);
        if (!errors.isEmpty()) {
            throw ApiException.badRequest("lat and lon must be WGS84 decimal degrees", errors);
        }
        Location location = directory.index().locate(latitude, longitude);
        return new LocationView(location.gridCode(), location.areaPath(), location.unlocated());
    }

    @GET
    @Path("/{code}")
    @Produces({GEO_JSON, MediaType.APPLICATION_JSON})
    @RolesAllowed({Roles.ADMIN, Roles.STAFF, Roles.SUPERVISOR})
    public AreaFeature get(@PathParam("code") String code) throws IOException {
        AreaIndex index = directory.index();
        Area area = index.area(code).orElseThrow(() -> ApiException.notFound("No area " + code + " in the current import"));
        GeoJsonWriter writer = new GeoJsonWriter(15); // enough digits to give back the doubles that were imported
        writer.setEncodeCRS(false); // RFC 7946 dropped "crs": GeoJSON is WGS84
        return new AreaFeature("Feature", mapper.readTree(writer.write(area.geometry())),
                new AreaProperties(area.code(), area.name(), area.level().name(), area.parentCode(), index.pathOf(code)));
    }

    /** A required decimal in [-limit, limit]; NaN and infinities are refused with the rest. */
    private static double coordinate(String field, String value, double limit, List<Problem.FieldError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new Problem.FieldError(field, "is required"));
            return Double.NaN;
        }
        try {
            double d = Double.parseDouble(value.trim());
            if (d >= -limit && d <= limit) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below, as for a number out of range
        }
        errors.add(new Problem.FieldError(field, "must be a decimal number between " + (int) -limit + " and " + (int) limit));
        return Double.NaN;
    }
}
