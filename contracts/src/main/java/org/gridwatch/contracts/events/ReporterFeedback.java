package org.gridwatch.contracts.events;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A reporter confirmed ({@code fixed}) or disputed the resolution of the ticket carrying their report.
 * {@code comment} may be null.
 */
public record ReporterFeedback(
        UUID eventId,
        String ticketId,
        UUID reportId,
        String reporterId,
        boolean fixed,
        String comment,
        OffsetDateTime at) implements GridWatchEvent {

    public static final String CE_TYPE = "org.gridwatch.reporter.feedback-given.v1";

    @Override
    public String ceType() {
        return CE_TYPE;
    }

    @Override
    public String subject() {
        return ticketId;
    }
}
