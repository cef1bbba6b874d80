package org.gridwatch.intake.api;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * What intake answers once Kafka holds a verdict: the same for every resend of it. {@code resolvedAt} is the
 * time of the resolution the verdict answers.
 */
public record FeedbackReceipt(UUID reportId, String ticketId, boolean fixed, String comment, OffsetDateTime resolvedAt,
                              OffsetDateTime givenAt) {
}
