package org.gridwatch.intake.api;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * The reporter's view of one report (design, section 9): what was filed, where it is now and how it got
 * there. {@code departmentName} and {@code areaNames} (one per code of {@code areaPath}, null where no name is
 * known) come from routing's events; {@code feedback} is the reporter's latest verdict on a fix, or null.
 */
public record ReportView(UUID reportId, String status, String category, String ticketId, String departmentId,
                         String departmentName, List<String> areaPath, List<String> areaNames, OffsetDateTime submittedAt,
                         String description, Location location, String address, OffsetDateTime observedAt,
                         List<String> mediaUrls, List<Step> history, Feedback feedback) {

    /** Where the reporter stood: WGS84 degrees, and the device's accuracy radius in metres if it sent one. */
    public record Location(double lat, double lon, Double accuracyM) {
    }

    /** One step of the report's history, oldest first. */
    public record Step(OffsetDateTime at, String status, String note) {
    }

    /** The reporter's verdict on the resolution of {@code resolvedAt}. */
    public record Feedback(boolean fixed, String comment, OffsetDateTime resolvedAt, OffsetDateTime givenAt) {
    }
}
