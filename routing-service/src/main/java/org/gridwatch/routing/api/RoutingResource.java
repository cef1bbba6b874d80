package org.gridwatch.routing.api;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.gridwatch.common.api.ApiException;
import org.gridwatch.common.api.Roles;
import org.gridwatch.contracts.Priority;
import org.gridwatch.routing.domain.Location;
import org.gridwatch.routing.domain.RoutingDecider.Decision;
import org.gridwatch.routing.persistence.DecisionRepository;
import org.gridwatch.routing.service.ReportRouter;
import org.gridwatch.routing.service.RuleBook;

/** Explains routing: what it would decide for a point (simulate) and what it decided for a report. */
@Path("/api/v1/routing")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class RoutingResource {

    /** The decision shape of DESIGN.md section 9. */
    public record DecisionView(UUID reportId, String outcome, String ticketId, String departmentId, String gridCode,
                               List<String> areaPath, boolean unlocated, String ruleId, long ruleSetVersion,
                               Priority priority, String reason, OffsetDateTime decidedAt) {
    }

    private final ReportRouter router;
    private final RuleBook rules;
    private final DecisionRepository decisions;

    public RoutingResource(ReportRouter router, RuleBook rules, DecisionRepository decisions) {
        this.router = router;
        this.rules = rules;
        this.decisions = decisions;
    }

    /** The decision for a report at this point now, without any effect (no ticket, no event). */
    @POST
    @Path("/simulate")
    @Consumes(MediaType.APPLICATION_JSON)
    public DecisionView simulate(@NotNull @Valid AdminDtos.SimulateRequest body) {
        OffsetDateTime now = OffsetDateTime.now();
        Decision d = router.simulate("simulation", body.category(), body.lat(), body.lon(), now);
        Location location = router.locate(body.lat(), body.lon());
        long version = rules.current().version();
        if (d.merge().isPresent()) {
            var m = d.merge().get();
            return new DecisionView(null, "MERGED", m.ticket().ticketId(), null, location.gridCode(), location.areaPath(),
                    location.unlocated(), null, version, m.priority(), m.reason(), now);
        }
        var a = d.assignment().orElseThrow();
        return new DecisionView(null, "NEW_TICKET", null, a.match().rule().departmentId(), location.gridCode(),
                location.areaPath(), location.unlocated(), a.match().rule().id(), version, a.priority(), a.reason(), now);
    }

    @GET
    @Path("/decisions/{reportId}")
    public DecisionView decision(@PathParam("reportId") String reportId) {
        UUID id;
        try {
            id = UUID.fromString(reportId);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("No decision for " + reportId);
        }
        return decisions.findByIdOptional(id)
                .map(d -> new DecisionView(d.reportId, d.outcome, d.ticketId, d.departmentId, d.gridCode, d.areaPath,
                        d.unlocated, d.ruleId, d.ruleSetVersion, d.priority, d.reason, d.decidedAt))
                .orElseThrow(() -> ApiException.notFound("No decision for report " + reportId));
    }
}
