package org.gridwatch.intake.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.gridwatch.common.api.Page;
import org.gridwatch.common.api.Roles;
import org.gridwatch.common.security.Caller;
import org.gridwatch.intake.domain.Viewer;
import org.gridwatch.intake.service.PointsQueries;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * Reporters' points for reports that led to a fix: the leaderboard (reporters see the city's, pseudonymised;
 * supervisors their area's; admins all) and each reporter's own balance.
 */
@Path("/api/v1/reporters")
@Produces(MediaType.APPLICATION_JSON)
public class ReporterResource {

    private final PointsQueries points;
    private final SecurityIdentity identity;

    public ReporterResource(PointsQueries points, SecurityIdentity identity) {
        this.points = points;
        this.identity = identity;
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
                                              @QueryParam("limit") String limit) {
        Caller caller = Caller.of(identity);
        Viewer viewer = new Viewer(caller.subject(), caller.roles(), caller.department(), caller.area());
        return points.leaderboard(viewer, area, from, to, cursor, Page.limit(limit));
    }

    /** The caller's points, and their credits, newest first. */
    @GET
    @Path("/me")
    @RolesAllowed(Roles.REPORTER)
    public ReporterBalance me(@QueryParam("cursor") String cursor,
                              @QueryParam("limit") String limit) {
        return points.balance(Caller.of(identity).subject(), cursor, Page.limit(limit));
    }
}
