package org.gridwatch.intake.api;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One line of a reporter's list of reports. */
public record ReportSummary(UUID reportId, String status, String category, String ticketId, String departmentId,
                            String departmentName, OffsetDateTime submittedAt) {
}
