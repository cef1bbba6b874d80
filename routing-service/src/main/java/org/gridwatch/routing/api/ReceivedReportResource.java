package org.gridwatch.routing.api;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.gridwatch.common.api.ApiException;
import org.gridwatch.common.api.Roles;
import org.gridwatch.contracts.events.GeoPoint;
import org.gridwatch.routing.persistence.ReceivedReportRepository;

/** For operators: whether routing has received a report, and what it received. */
@Path("/api/v1/routing/reports")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class ReceivedReportResource {

    /** A report as routing holds it. */
    public record ReceivedReportView(UUID reportId, String reporterId, String category, GeoPoint location,
                                     String geoCell, OffsetDateTime submittedAt, OffsetDateTime receivedAt) {
    }

    private final ReceivedReportRepository reports;

    public ReceivedReportResource(ReceivedReportRepository reports) {
        this.reports = reports;
    }

    @GET
    @Path("/{reportId}")
    public ReceivedReportView get(@PathParam("reportId") UUID reportId) {
        return reports.findByIdOptional(reportId)
                .map(r -> new ReceivedReportView(r.reportId, r.reporterId, r.category, new GeoPoint(r.lat, r.lon, null),
                        r.geoCell, r.submittedAt, r.receivedAt))
                .orElseThrow(() -> ApiException.notFound("Routing has not received report " + reportId));
    }
}
