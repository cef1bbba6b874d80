package org.gridwatch.intake.service;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.gridwatch.common.api.ApiException;
import org.gridwatch.contracts.events.ReporterFeedback;
import org.gridwatch.intake.api.FeedbackReceipt;
import org.gridwatch.intake.api.FeedbackRequest;
import org.gridwatch.intake.config.IntakeConfig;
import org.gridwatch.intake.domain.FeedbackPolicy;
import org.gridwatch.intake.messaging.FeedbackPublisher;
import org.gridwatch.intake.persistence.FeedbackEntity;
import org.jboss.logging.Logger;

/**
 * A reporter confirms or disputes the fix of their report's ticket (see {@link FeedbackPolicy}). As with
 * reports (G1, G2): the verdict is recorded before it is published, the answer comes only once Kafka holds it
 * (acks=all), 503 with {@code Retry-After} when Kafka does not acknowledge in time, and a resend publishes
 * nothing new: once acknowledged it is answered from the database, before that it republishes the same event
 * (same event id, which resolution-service applies once).
 */
@ApplicationScoped
public class FeedbackSubmission {

    private static final Logger LOG = Logger.getLogger(FeedbackSubmission.class);

    private final FeedbackStore store;
    private final FeedbackPublisher publisher;
    private final IntakeConfig config;

    public FeedbackSubmission(FeedbackStore store, FeedbackPublisher publisher, IntakeConfig config) {
        this.store = store;
        this.publisher = publisher;
        this.config = config;
    }

    public FeedbackReceipt give(String reporterId, UUID reportId, @NotNull @Valid FeedbackRequest request) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS); // as stored
        FeedbackPolicy.Verdict verdict = new FeedbackPolicy.Verdict(request.fixed(), request.comment());
        FeedbackEntity f;
        try {
            f = store.prepare(reporterId, reportId, verdict, now);
        } catch (PersistenceException e) {
            // A concurrent request recorded a verdict on the same resolution first: answer against it.
            f = store.prepare(reporterId, reportId, verdict, now);
        }
        if (f.acknowledgedAt == null) {
            publishAndWait(f);
            store.acknowledge(f.eventId, OffsetDateTime.now(ZoneOffset.UTC));
        }
        return new FeedbackReceipt(f.reportId, f.ticketId, f.fixed, f.comment, f.resolvedAt, f.givenAt);
    }

    private void publishAndWait(FeedbackEntity f) {
        ReporterFeedback event = new ReporterFeedback(f.eventId, f.ticketId, f.reportId, f.reporterId, f.fixed, f.comment,
                f.givenAt);
        try {
            publisher.publish(event).get(config.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("Kafka did not acknowledge feedback on report %s: %s", f.reportId, e.getCause() == null ? e : e.getCause());
            throw ApiException.unavailable("Your feedback cannot be passed on right now. Send it again after the"
                    + " Retry-After delay.", (int) config.retryAfter().toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("Interrupted while passing on your feedback; send it again",
                    (int) config.retryAfter().toSeconds());
        }
    }
}
