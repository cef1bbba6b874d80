package org.gridwatch.intake.messaging;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.gridwatch.common.messaging.RecordBatches;
import org.gridwatch.contracts.events.AssignmentEvent;
import org.gridwatch.intake.service.ReporterViewService;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/** Reads {@code gridwatch.assignments.v1} into the reporter's view, a poll at a time in one transaction; an unavailable database is waited for and a conflict retried a few times; a record that cannot be applied goes to the DLQ ({@code RecordBatches}). */
@ApplicationScoped
public class AssignmentEventConsumer {

    /** Both consumers of the reporter's view lock a ticket's reports: one transaction at a time ({@link RecordBatches}). */
    static final String REPORTER_VIEW_WRITERS = "reporter-view";

    private final RecordBatches batches;
    private final ReporterViewService view;

    public AssignmentEventConsumer(RecordBatches batches, ReporterViewService view) {
        this.batches = batches;
        this.view = view;
    }

    @Incoming("assignments")
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch) {
        return batches.consumeInOneTransaction(batch, AssignmentEvent.class, REPORTER_VIEW_WRITERS, view::apply);
    }
}
