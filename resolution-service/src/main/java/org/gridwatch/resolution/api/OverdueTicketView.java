package org.gridwatch.resolution.api;

import java.time.OffsetDateTime;

/** An open ticket past a deadline: {@code missed} is RESPONSE (not accepted in time) or RESOLUTION. */
public record OverdueTicketView(String ticketId, String departmentId, String category, String missed,
        OffsetDateTime dueAt, double hoursOverdue) {
}
