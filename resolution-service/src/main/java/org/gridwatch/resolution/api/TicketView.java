package org.gridwatch.resolution.api;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.gridwatch.contracts.Priority;
import org.gridwatch.contracts.events.GeoPoint;
import org.gridwatch.contracts.events.TicketStatus;
import org.gridwatch.resolution.domain.TicketLifecycle;
import org.gridwatch.resolution.persistence.Ticket;

/** A ticket as staff see it (DESIGN.md section 9). */
public record TicketView(String id, TicketStatus status, String category, Priority priority, String departmentId,
                         String gridCode, List<String> areaPath, GeoPoint location, List<ReportRef> reports,
                         OffsetDateTime assignedAt, OffsetDateTime responseDueAt, OffsetDateTime resolveDueAt,
                         boolean overdue, long version, List<HistoryEntry> history) {

    /** A report on the ticket. */
    public record ReportRef(UUID reportId, String reporterId, OffsetDateTime submittedAt) {
    }

    /**
     * One status change; {@code evidenceUrls} only on a resolution that carried them. A missed deadline is a
     * line too, with {@code from == to} and {@code escalation} = RESPONSE or RESOLUTION (null on status changes).
     */
    public record HistoryEntry(OffsetDateTime at, TicketStatus from, TicketStatus to, String actor, String note,
                               List<String> evidenceUrls, String escalation) {
    }

    public static TicketView from(Ticket t, OffsetDateTime now) {
        return new TicketView(t.id, t.status, t.category, t.priority, t.departmentId, t.gridCode, List.copyOf(t.areaPath),
                new GeoPoint(t.lat, t.lon, null),
                t.reports.stream().map(r -> new ReportRef(r.reportId, r.reporterId, r.submittedAt)).toList(),
                t.assignedAt, t.responseDueAt, t.resolveDueAt,
                TicketLifecycle.isOverdue(t.status, t.responseDueAt, t.resolveDueAt, now), t.version,
                t.history.stream().map(h -> new HistoryEntry(h.at, h.fromStatus, h.toStatus, h.actor, h.note, h.evidenceUrls,
                        h.escalation)).toList());
    }
}
