package org.gridwatch.resolution.service;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.gridwatch.contracts.events.GeoPoint;
import org.gridwatch.contracts.events.TicketReturned;
import org.gridwatch.contracts.events.TicketStatus;
import org.gridwatch.contracts.events.TicketStatusChanged;
import org.gridwatch.resolution.persistence.Ticket;
import org.gridwatch.resolution.persistence.TicketHistoryEntry;
import org.gridwatch.resolution.persistence.TicketReport;

/** The events a ticket's changes announce, built from the ticket as it stands after the change. */
final class TicketEvents {

    private TicketEvents() {
    }

    /**
     * The event names the ticket's first {@link TicketStatusChanged#MAX_REPORT_IDS} reports (by submission) and how many
     * it has, so that it stays small however many duplicates join the ticket. It names the ticket a split came from on
     * the split ticket's creation only.
     */
    static TicketStatusChanged statusChanged(Ticket t, TicketStatus from, String actor, OffsetDateTime at, String note,
                                             String escalation) {
        List<UUID> reportIds = t.reports.stream().limit(TicketStatusChanged.MAX_REPORT_IDS).map(r -> r.reportId).toList();
        return new TicketStatusChanged(UUID.randomUUID(), t.id, reportIds, from, t.status, actor, at, note, t.departmentId,
                t.category, t.priority, t.version, escalation, t.reports.size(), from == null ? t.splitFrom : null);
    }

    /** {@code t} has just been returned: its history already holds this return as the last entry. */
    static TicketReturned returned(Ticket t, String actor, OffsetDateTime at, String reason) {
        List<String> returnedBefore = t.history.stream()
                .filter(h -> h.toStatus == TicketStatus.RETURNED)
                .map(h -> h.departmentId)
                .toList();
        List<String> previous = returnedBefore.subList(0, returnedBefore.size() - 1);
        TicketReport first = t.reports.get(0); // reports are ordered by submission time: this is the earliest
        return new TicketReturned(UUID.randomUUID(), t.id, first.reportId, t.category, new GeoPoint(t.lat, t.lon, null),
                t.departmentId, reason, actor, at, previous.size() + 1, previous);
    }

    static TicketHistoryEntry historyEntry(Ticket t, TicketStatus from, String actor, OffsetDateTime at, String note,
                                           List<String> evidenceUrls) {
        TicketHistoryEntry entry = new TicketHistoryEntry();
        entry.ticket = t;
        entry.at = at;
        entry.fromStatus = from;
        entry.toStatus = t.status;
        entry.actor = actor;
        entry.note = note;
        entry.departmentId = t.departmentId;
        entry.evidenceUrls = evidenceUrls == null || evidenceUrls.isEmpty() ? null : List.copyOf(evidenceUrls);
        return entry;
    }

    /** The history line of a missed deadline: the status stays what it is. */
    static TicketHistoryEntry escalationEntry(Ticket t, String escalation, String actor, OffsetDateTime at, String note) {
        TicketHistoryEntry entry = historyEntry(t, t.status, actor, at, note, null);
        entry.escalation = escalation;
        return entry;
    }
}
