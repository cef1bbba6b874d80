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
        String escalation) implements GridWatchEvent {

    public static final String CE_TYPE = "org.gridwatch.ticket.status-changed.v1";
    public static final String ESCALATION_RESPONSE = "RESPONSE";
    public static final String ESCALATION_RESOLUTION = "RESOLUTION";

    public TicketStatusChanged {
        reportIds = Copies.list(reportIds);
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
