package org.gridwatch.intake.persistence;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** Reporters' reports, newest first, paged by keyset (submittedAt, reportId); only those Kafka acknowledged. */
@ApplicationScoped
public class ReportRepository implements PanacheRepositoryBase<ReportEntity, UUID> {

    /** Up to {@code limit} of the reporter's reports older than the cursor position (or the newest, without one). */
    public List<ReportEntity> pageOf(String reporterId, OffsetDateTime beforeAt, UUID beforeId, int limit) {
        if (beforeAt == null) {
            return find("reporterId = ?1 AND acknowledgedAt IS NOT NULL ORDER BY submittedAt DESC, reportId DESC", reporterId).page(0, limit).list();
        }
        return find("reporterId = ?1 AND acknowledgedAt IS NOT NULL AND (submittedAt < ?2 OR (submittedAt = ?2 AND reportId < ?3)) "
                + "ORDER BY submittedAt DESC, reportId DESC", reporterId, beforeAt, beforeId).page(0, limit).list();
    }
}
