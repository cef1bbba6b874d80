package org.gridwatch.resolution.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.gridwatch.common.messaging.EventReader;
import org.gridwatch.common.messaging.TransientRetry;
import org.gridwatch.contracts.events.ReporterFeedback;
import org.gridwatch.resolution.service.FeedbackService;

import io.smallrye.common.annotation.Blocking;

/** Reads {@code gridwatch.feedback.v1}; an unavailable database is waited for and a conflict retried a few times ({@code TransientRetry}); a record that cannot be applied goes to the DLQ. */
@ApplicationScoped
public class FeedbackConsumer {

    private final EventReader reader;
    private final FeedbackService service;

    public FeedbackConsumer(EventReader reader, FeedbackService service) {
        this.reader = reader;
        this.service = service;
    }

    @Incoming("feedback")
    @Blocking
    public void consume(String record) {
        ReporterFeedback feedback = reader.read(record, ReporterFeedback.class);
        TransientRetry.run(() -> service.apply(feedback));
    }
}
