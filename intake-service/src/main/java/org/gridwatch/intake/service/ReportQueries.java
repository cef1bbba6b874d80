package org.gridwatch.intake.service;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.gridwatch.common.api.Cursor;
import org.gridwatch.common.api.Page;
import org.gridwatch.intake.api.ReportSummary;
import org.gridwatch.intake.api.ReportView;
import org.gridwatch.intake.domain.ReportTimeline;
import org.gridwatch.intake.domain.Viewer;
import org.gridwatch.intake.persistence.FeedbackRepository;
import org.gridwatch.intake.persistence.ReportEntity;
import org.gridwatch.intake.persistence.ReportHistoryEntry;
import org.gridwatch.intake.persistence.ReportHistoryRepository;
import org.gridwatch.intake.persistence.ReportRepository;

/** Read side of the reporter's view. */
@ApplicationScoped
public class ReportQueries {

    private static final String SUBMITTED_NOTE = "Report received";
    /** The one answer for a report that does not exist, is not acknowledged, or is not the caller's to see. */
    public static final String NOT_VISIBLE = "There is no report with this id that you may see";

    private final ReportRepository reports;
    private final ReportHistoryRepository history;
    private final FeedbackRepository feedback;
    private final DisplayNames names;

    public ReportQueries(ReportRepository reports, ReportHistoryRepository history, FeedbackRepository feedback,
                         DisplayNames names) {
        this.reports = reports;
        this.history = history;
        this.feedback = feedback;
        this.names = names;
    }

    @Transactional
    public Page<ReportSummary> mine(String reporterId, String cursor, int limit) {
        OffsetDateTime beforeAt = null;
        UUID beforeId = null;
        if (cursor != null && !cursor.isBlank()) {
            List<String> parts = Cursor.decode(cursor, 2);
            try {
                beforeAt = Cursor.time(parts.get(0));
                beforeId = UUID.fromString(parts.get(1));
            } catch (DateTimeParseException | IllegalArgumentException e) {
                throw Cursor.invalid();
            }
        }
        List<ReportEntity> rows = reports.pageOf(reporterId, beforeAt, beforeId, limit + 1);
        boolean more = rows.size() > limit;
        List<ReportEntity> page = more ? rows.subList(0, limit) : rows;
        String next = null;
        if (more) {
            ReportEntity last = page.get(page.size() - 1);
            next = Cursor.encode(last.submittedAt.toString(), last.reportId.toString());
        }
        Map<String, String> departmentNames = names.departments(page.stream().map(r -> r.departmentId).toList());
        return new Page<>(page.stream().map(r -> new ReportSummary(r.reportId, r.status, r.category, r.ticketId,
                r.departmentId, departmentNames.get(r.departmentId), r.submittedAt)).toList(), next);
    }

    /**
     * The report, if Kafka has acknowledged it and {@code viewer} may read it; otherwise nothing, so that a
     * report the caller may not see cannot be told apart from one that does not exist.
     */
    @Transactional
    public Optional<ReportView> view(UUID reportId, Viewer viewer) {
        return reports.findAcknowledged(reportId)
                .filter(r -> viewer.maySee(r.reporterId, r.departmentId, r.areaPath))
                .map(this::toView);
    }

    private ReportView toView(ReportEntity r) {
        List<ReportView.Step> steps = new ArrayList<>();
        steps.add(new ReportView.Step(r.submittedAt, ReportTimeline.SUBMITTED, SUBMITTED_NOTE));
        ReportTimeline.ordered(history.listFor(r.reportId).stream().map(ReportHistoryEntry::toStep).toList())
                .forEach(s -> steps.add(new ReportView.Step(s.at(), s.status(), s.note())));
        String departmentName = r.departmentId == null ? null : names.departments(List.of(r.departmentId)).get(r.departmentId);
        ReportView.Feedback verdict = feedback.latestAcknowledged(r.reportId)
                .map(f -> new ReportView.Feedback(f.fixed, f.comment, f.resolvedAt, f.givenAt)).orElse(null);
        return new ReportView(r.reportId, r.status, r.category, r.ticketId, r.departmentId, departmentName,
                List.copyOf(r.areaPath), names.areas(r.areaPath), r.submittedAt, r.description,
                new ReportView.Location(r.lat, r.lon, r.accuracyM), r.address, r.observedAt, List.copyOf(r.mediaUrls),
                steps, verdict);
    }
}
