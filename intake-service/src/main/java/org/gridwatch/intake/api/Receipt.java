package org.gridwatch.intake.api;

import java.time.OffsetDateTime;
import java.util.UUID;

/** What intake answers when Kafka holds the report: the same receipt for every resend of it. */
public record Receipt(UUID reportId, String status, OffsetDateTime submittedAt) {
}
