package org.gridwatch.resolution.messaging;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.gridwatch.common.messaging.RecordBatches;
import org.gridwatch.contracts.events.AssignmentEvent;
import org.gridwatch.resolution.service.AssignmentService;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/** Reads {@code gridwatch.assignments.v1}, a poll at a time in one transaction; an unavailable database is waited for and a conflict retried a few times; a record that cannot be applied goes to the DLQ ({@code RecordBatches}). */
@ApplicationScoped
public class AssignmentConsumer {

    private final RecordBatches batches;
    private final AssignmentService service;

    public AssignmentConsumer(RecordBatches batches, AssignmentService service) {
        this.batches = batches;
        this.service = service;
    }

    @Incoming("assignments")
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch) {
        return batches.consumeInOneTransaction(batch, AssignmentEvent.class, service::apply);
    }
}
