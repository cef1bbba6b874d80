package org.gridwatch.intake.messaging;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.gridwatch.common.messaging.RecordBatches;
import org.gridwatch.contracts.events.TicketStatusChanged;
import org.gridwatch.intake.service.ReporterViewService;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/** Reads {@code gridwatch.ticket-events.v1} into the reporter's view, a poll at a time in one transaction; an unavailable database is waited for and a conflict retried a few times; a record that cannot be applied goes to the DLQ ({@code RecordBatches}). */
@ApplicationScoped
public class TicketEventConsumer {

    private final RecordBatches batches;
    private final ReporterViewService view;

    public TicketEventConsumer(RecordBatches batches, ReporterViewService view) {
        this.batches = batches;
        this.view = view;
    }

    @Incoming("ticket-events")
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch) {
        return batches.consumeInOneTransaction(batch, TicketStatusChanged.class,
                AssignmentEventConsumer.REPORTER_VIEW_WRITERS, view::apply);
    }
}
