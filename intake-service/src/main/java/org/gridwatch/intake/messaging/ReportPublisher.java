package org.gridwatch.intake.messaging;

import java.time.OffsetDateTime;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.gridwatch.common.messaging.EventMessages;
import org.gridwatch.common.messaging.EventReader;
import org.gridwatch.contracts.events.ReportSubmitted;

/** Puts reports on {@code gridwatch.reports.v1}, keyed by geo cell, with acks=all and idempotence. */
@ApplicationScoped
public class ReportPublisher {

    static final String SOURCE = "/gridwatch/intake-service";

    private final Emitter<String> emitter;
    private final EventReader json;

    public ReportPublisher(@Channel("reports") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 10_000)
                           Emitter<String> emitter, EventReader json) {
        this.emitter = emitter;
        this.json = json;
    }

    /** Completes when Kafka has acknowledged the record, exceptionally when the send failed. */
    public CompletableFuture<Void> publish(ReportSubmitted report) {
        return EventMessages.sendAcked(emitter, EventMessages.of(report, json.write(report), SOURCE, OffsetDateTime.now()));
    }
}
