package org.gridwatch.intake.api;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One credit of a reporter's balance: the ticket that was fixed, the reporter's report on it, whether they
 * reported it first ({@code FIRST_REPORTER}) or corroborated it ({@code CORROBORATING}), the points, and the
 * ticket status and time that earned them.
 */
public record PointsEntry(String ticketId, UUID reportId, String role, int points, String ticketStatus, String category,
                          OffsetDateTime creditedAt) {
}
