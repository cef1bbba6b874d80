package org.gridwatch.intake.messaging;

import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.gridwatch.common.messaging.EventMessages;
import org.gridwatch.common.messaging.EventReader;
import org.gridwatch.contracts.events.ReporterFeedback;

/** Puts reporters' verdicts on {@code gridwatch.feedback.v1}, keyed by ticket id, with acks=all and idempotence. */
@ApplicationScoped
public class FeedbackPublisher {

    private final Emitter<String> emitter;
    private final EventReader json;

    public FeedbackPublisher(@Channel("feedback") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1_000)
                             Emitter<String> emitter, EventReader json) {
        this.emitter = emitter;
        this.json = json;
    }

    /** Completes when Kafka has acknowledged the record, exceptionally when the send failed. */
    public CompletableFuture<Void> publish(ReporterFeedback feedback) {
        return EventMessages.sendAcked(emitter, EventMessages.of(feedback, json.write(feedback), ReportPublisher.SOURCE, feedback.at()));
    }
}
