package org.gridwatch.contracts.events;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.gridwatch.contracts.Priority;

/**
 * Routing joined a duplicate report to an open ticket of the same hazard instead of opening a new one.
 * {@code distinctReporters} counts the ticket's reporters including this one; {@code priority} is the
 * ticket's priority after the merge, raised one class at each third distinct reporter.
 */
public record ReportMerged(
        UUID eventId,
        String ticketId,
        UUID reportId,
        String reporterId,
        OffsetDateTime submittedAt,
        OffsetDateTime mergedAt,
        int distinctReporters,
        Priority priority) implements AssignmentEvent {

    public static final String CE_TYPE = "org.gridwatch.report.merged.v1";

    @Override
    public String ceType() {
        return CE_TYPE;
    }
}
