package org.gridwatch.intake.service;

import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.gridwatch.common.api.ApiException;
import org.gridwatch.intake.domain.FeedbackPolicy;
import org.gridwatch.intake.domain.ReportTimeline;
import org.gridwatch.intake.persistence.FeedbackEntity;
import org.gridwatch.intake.persistence.FeedbackRepository;
import org.gridwatch.intake.persistence.ReportEntity;
import org.gridwatch.intake.persistence.ReportHistoryEntry;
import org.gridwatch.intake.persistence.ReportHistoryRepository;
import org.gridwatch.intake.persistence.ReportRepository;

/** The database's side of a reporter's verdict, each step its own short transaction. */
@ApplicationScoped
public class FeedbackStore {

    private final ReportRepository reports;
    private final ReportHistoryRepository history;
    private final FeedbackRepository feedback;

    public FeedbackStore(ReportRepository reports, ReportHistoryRepository history, FeedbackRepository feedback) {
        this.reports = reports;
        this.history = history;
        this.feedback = feedback;
    }

    /**
     * The verdict to publish (or already published) for the report's latest resolution: recorded now if it is
     * the first, the stored one if {@code asked} repeats it. Fails on commit if a concurrent request recorded
     * a verdict on the same resolution first.
     *
     * @throws ApiException 404 unless the report is the caller's; 409 if the ticket is not RESOLVED, or if
     *         another verdict was already given on this resolution
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public FeedbackEntity prepare(String reporterId, UUID reportId, FeedbackPolicy.Verdict asked, OffsetDateTime now) {
        ReportEntity report = reports.findAcknowledged(reportId)
                .filter(r -> r.reporterId.equals(reporterId))
                .orElseThrow(() -> ApiException.notFound(ReportQueries.NOT_VISIBLE));
        Optional<ReportHistoryEntry> resolution = latestResolution(reportId);
        FeedbackEntity given = resolution.flatMap(res -> feedback.find(reportId, res.eventId)).orElse(null);
        FeedbackPolicy.Decision decision = FeedbackPolicy.decide(report.status,
                given == null ? null : new FeedbackPolicy.Verdict(given.fixed, given.comment), asked);
        if (decision == FeedbackPolicy.Decision.RECORD && resolution.isEmpty()) {
            decision = FeedbackPolicy.Decision.NOT_RESOLVED; // cannot happen: a RESOLVED status comes from a ticket event
        }
        return switch (decision) {
            case REPEAT -> given;
            case CHANGED -> throw ApiException.conflict("You already " + (given.fixed ? "confirmed" : "disputed")
                    + " this fix (at " + given.givenAt + "); a verdict on a resolution cannot be changed. If the hazard is"
                    + " still there after the ticket is closed, file a new report.");
            case NOT_RESOLVED -> throw ApiException.conflict("This report's status is " + report.status
                    + "; feedback on the fix is possible only while its ticket is RESOLVED");
            case RECORD -> record(report, resolution.get(), asked, now);
        };
    }

    /** Kafka has the verdict: resends are answered from the database from now on. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void acknowledge(UUID eventId, OffsetDateTime at) {
        feedback.acknowledge(eventId, at);
    }

    private FeedbackEntity record(ReportEntity report, ReportHistoryEntry resolution, FeedbackPolicy.Verdict verdict,
                                  OffsetDateTime now) {
        FeedbackEntity f = new FeedbackEntity();
        f.eventId = FeedbackPolicy.eventId(report.reportId, resolution.eventId);
        f.reportId = report.reportId;
        f.resolutionEventId = resolution.eventId;
        f.ticketId = report.ticketId;
        f.reporterId = report.reporterId;
        f.fixed = verdict.fixed();
        f.comment = verdict.comment();
        f.resolvedAt = resolution.at;
        f.givenAt = now;
        feedback.persist(f);
        feedback.flush();
        return f;
    }

    /** The report's latest RESOLVED step by event time, as the view orders its history. */
    private Optional<ReportHistoryEntry> latestResolution(UUID reportId) {
        Comparator<ReportHistoryEntry> order = Comparator.comparing(ReportHistoryEntry::toStep, ReportTimeline.ORDER);
        return history.listFor(reportId).stream()
                .filter(h -> "RESOLVED".equals(h.status) && h.eventId != null)
                .max(order);
    }
}
