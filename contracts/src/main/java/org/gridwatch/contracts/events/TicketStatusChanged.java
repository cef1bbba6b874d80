package org.gridwatch.contracts.events;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.gridwatch.contracts.Priority;

/**
 * A ticket's status changed, published by resolution-service on {@code gridwatch.ticket-events.v1}.
 * {@code from} is null when the ticket was created. An escalation of an overdue ticket is not a status:
 * it is published as an event with {@code from == to} and {@code escalation} set to {@link #ESCALATION_RESPONSE}
 * or {@link #ESCALATION_RESOLUTION}; {@code escalation} is null for every real transition.
 * {@code version} is the ticket's version after the change; {@code note} may be null.
 *
 * <p>{@code reportIds} names at most {@link #MAX_REPORT_IDS} of the ticket's reports (the earliest), so that an
 * event stays small however many duplicates join a ticket; {@code reportCount} is how many the ticket has in all.
 * {@code splitFrom} is set on the creation of a ticket that resolution opened for a report routing had merged into
 * a ticket already finished (RESOLVED, CLOSED or REJECTED) when the merge reached it: it names that ticket.
 * Both were added after v1 was first published: events from an older resolution carry neither (null).
 */
public record TicketStatusChanged(
        UUID eventId,
        String ticketId,
        List<UUID> reportIds,
        TicketStatus from,
        TicketStatus to,
        String actor,
        OffsetDateTime at,
        String note,
        String departmentId,
        String category,
        Priority priority,
        long version,
        String escalation,
        Integer reportCount,
        String splitFrom) implements GridWatchEvent {

    public static final String CE_TYPE = "org.gridwatch.ticket.status-changed.v1";
    public static final String ESCALATION_RESPONSE = "RESPONSE";
    public static final String ESCALATION_RESOLUTION = "RESOLUTION";
    /** The most report ids one event carries. */
    public static final int MAX_REPORT_IDS = 100;

    public TicketStatusChanged {
        reportIds = Copies.list(reportIds);
    }

    /** A status change of a ticket whose report ids all fit in the event, not split from another ticket. */
    public TicketStatusChanged(UUID eventId, String ticketId, List<UUID> reportIds, TicketStatus from, TicketStatus to,
                               String actor, OffsetDateTime at, String note, String departmentId, String category,
                               Priority priority, long version, String escalation) {
        this(eventId, ticketId, reportIds, from, to, actor, at, note, departmentId, category, priority, version, escalation,
                reportIds == null ? 0 : reportIds.size(), null);
    }

    /** Whether the ticket has reports this event does not name (only {@link #MAX_REPORT_IDS} are listed). */
    public boolean reportIdsTruncated() {
        return reportCount != null && reportIds != null && reportCount > reportIds.size();
    }

    @Override
    public String ceType() {
        return CE_TYPE;
    }

    @Override
    public String subject() {
        return ticketId;
    }
}
