package org.gridwatch.contracts.events;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.gridwatch.contracts.Priority;

/**
 * Routing joined a duplicate report to an open ticket of the same hazard instead of opening a new one.
 * {@code distinctReporters} counts the ticket's reporters including this one; {@code priority} is the
 * ticket's priority after the merge, raised one class at each third distinct reporter.
 *
 * <p>{@code departmentId}, {@code departmentName}, {@code areaPath} (codes city → grid) and {@code areaNames}
 * (one per code, same order, null where unknown) describe the ticket the report joined, so a reader need not
 * have seen the ticket's own assignment. They were added after v1 was first published: events from an older
 * routing carry none of them, which reads as nulls and empty lists. {@code location} is where the merged report
 * was made (optional, added later still; null from an older routing): should the ticket be finished by the time the
 * merge reaches resolution, the report opens a ticket of its own there.
 */
public record ReportMerged(
        UUID eventId,
        String ticketId,
        UUID reportId,
        String reporterId,
        OffsetDateTime submittedAt,
        OffsetDateTime mergedAt,
        int distinctReporters,
        Priority priority,
        String departmentId,
        String departmentName,
        List<String> areaPath,
        List<String> areaNames,
        GeoPoint location) implements AssignmentEvent {

    public static final String CE_TYPE = "org.gridwatch.report.merged.v1";

    public ReportMerged {
        areaPath = Copies.list(areaPath);
        areaNames = Copies.list(areaNames);
    }

    /** A merge without the ticket's department and area, as routing published it before they were added. */
    public ReportMerged(UUID eventId, String ticketId, UUID reportId, String reporterId, OffsetDateTime submittedAt,
                        OffsetDateTime mergedAt, int distinctReporters, Priority priority) {
        this(eventId, ticketId, reportId, reporterId, submittedAt, mergedAt, distinctReporters, priority,
                null, null, List.of(), List.of(), null);
    }

    /** A merge with the ticket's department and area, without the report's location. */
    public ReportMerged(UUID eventId, String ticketId, UUID reportId, String reporterId, OffsetDateTime submittedAt,
                        OffsetDateTime mergedAt, int distinctReporters, Priority priority, String departmentId,
                        String departmentName, List<String> areaPath, List<String> areaNames) {
        this(eventId, ticketId, reportId, reporterId, submittedAt, mergedAt, distinctReporters, priority,
                departmentId, departmentName, areaPath, areaNames, null);
    }

    @Override
    public String ceType() {
        return CE_TYPE;
    }
}
