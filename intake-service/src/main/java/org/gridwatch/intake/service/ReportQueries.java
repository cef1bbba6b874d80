package org.gridwatch.intake.service;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.gridwatch.common.api.Cursor;
import org.gridwatch.common.api.Page;
import org.gridwatch.intake.api.ReportSummary;
import org.gridwatch.intake.persistence.ReportEntity;
import org.gridwatch.intake.persistence.ReportRepository;

/** Read side of the reporter's view. */
@ApplicationScoped
public class ReportQueries {

    private final ReportRepository reports;

    public ReportQueries(ReportRepository reports) {
        this.reports = reports;
    }

    @Transactional
    public Page<ReportSummary> mine(String reporterId, String cursor, int limit) {
        OffsetDateTime beforeAt = null;
        UUID beforeId = null;
        if (cursor != null && !cursor.isBlank()) {
            List<String> parts = Cursor.decode(cursor, 2);
            try {
                beforeAt = OffsetDateTime.parse(parts.get(0));
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
        return new Page<>(page.stream().map(r -> new ReportSummary(r.reportId, r.status, r.category, r.ticketId,
                r.departmentId, r.submittedAt)).toList(), next);
    }
}
