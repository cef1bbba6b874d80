package org.gridwatch.intake.persistence;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** Reporters' verdicts on resolutions. */
@ApplicationScoped
public class FeedbackRepository implements PanacheRepositoryBase<FeedbackEntity, UUID> {

    public Optional<FeedbackEntity> find(UUID reportId, UUID resolutionEventId) {
        return find("reportId = ?1 AND resolutionEventId = ?2", reportId, resolutionEventId).firstResultOptional();
    }

    /** The report's latest verdict that Kafka acknowledged, if any. */
    public Optional<FeedbackEntity> latestAcknowledged(UUID reportId) {
        return find("reportId = ?1 AND acknowledgedAt IS NOT NULL ORDER BY givenAt DESC", reportId).firstResultOptional();
    }

    public void acknowledge(UUID eventId, OffsetDateTime at) {
        update("acknowledgedAt = ?1 WHERE eventId = ?2 AND acknowledgedAt IS NULL", at, eventId);
    }
}
