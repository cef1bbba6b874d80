package org.gridwatch.contracts.events;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.gridwatch.contracts.Priority;

/**
 * Routing opened a ticket for a report, or re-dispatched a returned ticket, and assigned it to a department.
 * {@code hop} is 0 for the first assignment and n for the n-th re-dispatch after a return;
 * {@code areaPath} lists area codes from the city down to the grid; {@code gridCode} is null when the
 * point lies outside every grid ({@code unlocated}). Deadlines are computed from {@code assignedAt}.
 */
public record TicketAssigned(
        UUID eventId,
        String ticketId,
        UUID reportId,
        String reporterId,
        String category,
        Priority priority,
        String departmentId,
        String gridCode,
        List<String> areaPath,
        boolean unlocated,
        GeoPoint location,
        String ruleId,
        long ruleSetVersion,
        int hop,
        String reason,
        OffsetDateTime submittedAt,
        OffsetDateTime assignedAt,
        OffsetDateTime responseDueAt,
        OffsetDateTime resolveDueAt) implements AssignmentEvent {

    public static final String CE_TYPE = "org.gridwatch.ticket.assigned.v1";

    public TicketAssigned {
        areaPath = Copies.list(areaPath);
    }

    @Override
    public String ceType() {
        return CE_TYPE;
    }
}
