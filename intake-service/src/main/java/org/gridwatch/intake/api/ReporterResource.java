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
import org.gridwatch.intake.domain.Viewer;
import org.gridwatch.intake.service.PointsQueries;

/**
 * Reporters' points for reports that led to a fix: the leaderboard (reporters see the city's, pseudonymised;
 * supervisors their area's; admins all) and each reporter's own balance.
 */
@Path("/api/v1/reporters")
@Produces(MediaType.APPLICATION_JSON)
public class ReporterResource {

    private final PointsQueries points;
    private final JsonWebToken caller;

    public ReporterResource(PointsQueries points, JsonWebToken caller) {
        this.points = points;
        this.caller = caller;
    }

    /**
     * Reporters by points credited in {@code [from, to)} (ISO-8601 with offset, either optional) for reports
     * whose area path holds {@code area}; equal points share a rank.
     */
    @GET
    @Path("/leaderboard")
    @RolesAllowed({Roles.REPORTER, Roles.SUPERVISOR, Roles.ADMIN})
    public Page<LeaderboardEntry> leaderboard(@QueryParam("area") String area, @QueryParam("from") String from,
                                              @QueryParam("to") String to, @QueryParam("cursor") String cursor,
                                              @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(Page.MAX_LIMIT) int limit) {
        Viewer viewer = new Viewer(caller.getSubject(), caller.getGroups(),
                caller.getClaim(Roles.DEPT_CLAIM), caller.getClaim(Roles.AREA_CLAIM));
        return points.leaderboard(viewer, area, from, to, cursor, limit);
    }

    /** The caller's points, and their credits, newest first. */
    @GET
    @Path("/me")
    @RolesAllowed(Roles.REPORTER)
    public ReporterBalance me(@QueryParam("cursor") String cursor,
                              @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(Page.MAX_LIMIT) int limit) {
        return points.balance(caller.getSubject(), cursor, limit);
    }
}
