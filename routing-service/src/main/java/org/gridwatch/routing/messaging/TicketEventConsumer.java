package org.gridwatch.routing.messaging;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.gridwatch.common.messaging.RecordBatches;
import org.gridwatch.contracts.events.TicketStatusChanged;
import org.gridwatch.routing.service.TicketStatusTracker;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/** Follows {@code gridwatch.ticket-events.v1}, a poll at a time in one transaction ({@code RecordBatches}), to know which tickets are still open for merging. */
@ApplicationScoped
public class TicketEventConsumer {

    private final RecordBatches batches;
    private final TicketStatusTracker tracker;

    public TicketEventConsumer(RecordBatches batches, TicketStatusTracker tracker) {
        this.batches = batches;
        this.tracker = tracker;
    }

    @Incoming("ticket-events")
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch) {
        return batches.consumeInOneTransaction(batch, TicketStatusChanged.class, ReportConsumer.TICKET_WRITERS, tracker::apply);
    }
}
