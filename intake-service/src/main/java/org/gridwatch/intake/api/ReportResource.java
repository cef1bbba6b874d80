package org.gridwatch.intake.api;

import java.net.URI;
import java.util.Optional;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.gridwatch.common.api.ApiException;
import org.gridwatch.common.api.Page;
import org.gridwatch.common.api.Roles;
import org.gridwatch.common.security.Caller;
import org.gridwatch.contracts.events.ReportChannel;
import org.gridwatch.intake.domain.Viewer;
import org.gridwatch.intake.service.FeedbackSubmission;
import org.gridwatch.intake.service.ReportQueries;
import org.gridwatch.intake.service.ReportSubmission;
import org.jboss.resteasy.reactive.RestResponse;

import io.quarkus.security.identity.SecurityIdentity;

/** Riders submit reports and follow their own; staff and supervisors read those in their scope. */
@Path("/api/v1/reports")
@Produces(MediaType.APPLICATION_JSON)
public class ReportResource {

    private final ReportQueries queries;
    private final ReportSubmission submission;
    private final FeedbackSubmission feedback;
    private final SecurityIdentity identity;

    public ReportResource(ReportQueries queries, ReportSubmission submission, FeedbackSubmission feedback,
                          SecurityIdentity identity) {
        this.queries = queries;
        this.submission = submission;
        this.feedback = feedback;
        this.identity = identity;
    }

    /**
     * Submits a report. 202 once Kafka holds it; a resend (same {@code reportId} or {@code Idempotency-Key})
     * gets the same receipt; 503 with {@code Retry-After} when it could not be stored, so the app resends.
     */
    @POST
    @RolesAllowed(Roles.REPORTER)
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<Receipt> submit(ReportRequest report, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        Receipt receipt = submission.submit(caller().subject(), ReportChannel.APP, null, report, idempotencyKey);
        return RestResponse.ResponseBuilder.<Receipt>create(RestResponse.Status.ACCEPTED)
                .entity(receipt)
                .location(URI.create("/api/v1/reports/" + receipt.reportId()))
                .build();
    }

    /** The caller's reports, newest first ({@code ?mine} is implied: a reporter only ever lists their own). */
    @GET
    @RolesAllowed(Roles.REPORTER)
    public Page<ReportSummary> mine(@QueryParam("cursor") String cursor,
                                    @QueryParam("limit") String limit) {
        return queries.mine(caller().subject(), cursor, Page.limit(limit));
    }

    /**
     * One report with its status, department, area path and history, for its reporter, staff of its
     * department, supervisors of an area on its path, and admins. Anyone else gets the same 404 as for a
     * report that does not exist.
     */
    @GET
    @Path("/{reportId}")
    @RolesAllowed({Roles.REPORTER, Roles.STAFF, Roles.SUPERVISOR, Roles.ADMIN})
    public ReportView get(@PathParam("reportId") String reportId) {
        Caller caller = caller();
        Viewer viewer = new Viewer(caller.subject(), caller.roles(), caller.department(), caller.area());
        return parse(reportId).flatMap(id -> queries.view(id, viewer))
                .orElseThrow(() -> ApiException.notFound(ReportQueries.NOT_VISIBLE));
    }

    /**
     * The reporter confirms ({@code fixed: true}) or disputes the fix of their report's ticket while it is
     * RESOLVED. 202 once Kafka holds the verdict; the same verdict again gets the same answer; another verdict
     * on the same resolution, or a ticket that is not RESOLVED, is 409; anyone but the reporter gets the 404 of
     * a report that does not exist; 503 with {@code Retry-After} when Kafka does not acknowledge.
     */
    @POST
    @Path("/{reportId}/feedback")
    @RolesAllowed(Roles.REPORTER)
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<FeedbackReceipt> feedback(@PathParam("reportId") String reportId, FeedbackRequest body) {
        UUID id = parse(reportId).orElseThrow(() -> ApiException.notFound(ReportQueries.NOT_VISIBLE));
        FeedbackRequest verdict = body == null ? new FeedbackRequest(null, null) : body; // no body: "fixed" is missing
        return RestResponse.ResponseBuilder.<FeedbackReceipt>create(RestResponse.Status.ACCEPTED)
                .entity(feedback.give(caller().subject(), id, verdict))
                .build();
    }

    private Caller caller() {
        return Caller.of(identity);
    }

    /** A path that is not a UUID names no report: the same 404, never a 500. */
    private static Optional<UUID> parse(String reportId) {
        try {
            return Optional.of(UUID.fromString(reportId));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
