package org.gridwatch.intake.api;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * The reporter's view of one report (design, section 9): what was filed, where it is now and how it got
 * there. {@code departmentName} is null until events carry department names.
 */
public record ReportView(UUID reportId, String status, String category, String ticketId, String departmentId,
                         String departmentName, List<String> areaPath, OffsetDateTime submittedAt, String description,
                         Location location, String address, OffsetDateTime observedAt, List<String> mediaUrls,
                         List<Step> history) {

    /** Where the reporter stood: WGS84 degrees, and the device's accuracy radius in metres if it sent one. */
    public record Location(double lat, double lon, Double accuracyM) {
    }

    /** One step of the report's history, oldest first. */
    public record Step(OffsetDateTime at, String status, String note) {
    }
}
