package org.gridwatch.intake.persistence;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/**
 * Reporters' reports. Reporters and other readers see only those Kafka acknowledged; the consumers that keep
 * the reporter's view lock the rows they change, always in reportId order so that they cannot deadlock.
 */
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

    /** The report if Kafka has acknowledged it; an unacknowledged one does not exist for readers. */
    public Optional<ReportEntity> findAcknowledged(UUID reportId) {
        return find("reportId = ?1 AND acknowledgedAt IS NOT NULL", reportId).firstResultOptional();
    }

    /**
     * Those of {@code reportIds} that intake has, locked for update. One report (routing's decision, the status change
     * of a ticket with one report: nearly every event) is loaded by its key, which skips building a query.
     */
    public List<ReportEntity> lockAll(Collection<UUID> reportIds) {
        if (reportIds.size() == 1) {
            ReportEntity report = getEntityManager().find(ReportEntity.class, reportIds.iterator().next(),
                    LockModeType.PESSIMISTIC_WRITE);
            return report == null ? List.of() : List.of(report);
        }
        return find("reportId IN ?1 ORDER BY reportId", reportIds).withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    /** The reports of a ticket, and {@code reportId} if intake has not yet linked it to the ticket, locked for update. */
    public List<ReportEntity> lockTicket(String ticketId, UUID reportId) {
        return find("ticketId = ?1 OR reportId = ?2 ORDER BY reportId", ticketId, reportId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    /** The reports intake has linked to the ticket and those of {@code reportIds} it has, locked for update. */
    public List<ReportEntity> lockTicketAnd(String ticketId, Collection<UUID> reportIds) {
        return find("ticketId = ?1 OR reportId IN ?2 ORDER BY reportId", ticketId, reportIds)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    /** Another report of the ticket that already knows the ticket's department, the most recently changed first. */
    public Optional<ReportEntity> findRoutedSibling(String ticketId, UUID exceptReportId) {
        return find("ticketId = ?1 AND reportId <> ?2 AND departmentId IS NOT NULL ORDER BY updatedAt DESC, reportId",
                ticketId, exceptReportId).firstResultOptional();
    }
}
