package org.gridwatch.contracts.events;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A department returned a ticket it is not responsible for; routing re-dispatches it.
 * {@code reportId} is the ticket's first report, {@code departmentId} the department returning it,
 * {@code previousDepartmentIds} the departments that held the ticket before it, oldest first, and
 * {@code returnCount} is 1 for the first return.
 */
public record TicketReturned(
        UUID eventId,
        String ticketId,
        UUID reportId,
        String category,
        GeoPoint location,
        String departmentId,
        String reason,
        String actor,
        OffsetDateTime returnedAt,
        int returnCount,
        List<String> previousDepartmentIds) implements GridWatchEvent {

    public static final String CE_TYPE = "org.gridwatch.ticket.returned.v1";

    public TicketReturned {
        previousDepartmentIds = Copies.list(previousDepartmentIds);
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
