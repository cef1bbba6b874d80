package org.gridwatch.resolution.messaging;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.gridwatch.common.messaging.RecordBatches;
import org.gridwatch.contracts.events.AssignmentEvent;
import org.gridwatch.contracts.events.ReporterFeedback;
import org.gridwatch.contracts.events.TicketStatusChanged;
import org.gridwatch.resolution.service.StatsProjection;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/**
 * Feeds the statistics projection from three topics in its own consumer group ({@code resolution-stats}),
 * so that it keeps its own offsets and DLQs apart from the ticket lifecycle's consumers. Each poll is applied in one
 * transaction that writes each rollup row it changes once ({@link StatsProjection#apply}), and the three channels'
 * transactions, which all update the rollup's rows, run one at a time ({@link RecordBatches}).
 */
@ApplicationScoped
public class StatsConsumers {

    private static final String WRITERS = "statistics";

    private final RecordBatches batches;
    private final StatsProjection projection;

    public StatsConsumers(RecordBatches batches, StatsProjection projection) {
        this.batches = batches;
        this.projection = projection;
    }

    @Incoming("stats-assignments")
    @Blocking
    public CompletionStage<Void> assignments(KafkaRecordBatch<String, String> batch) {
        return batches.consumeTogether(batch, AssignmentEvent.class, WRITERS, projection::apply);
    }

    @Incoming("stats-ticket-events")
    @Blocking
    public CompletionStage<Void> ticketEvents(KafkaRecordBatch<String, String> batch) {
        return batches.consumeTogether(batch, TicketStatusChanged.class, WRITERS, projection::apply);
    }

    @Incoming("stats-feedback")
    @Blocking
    public CompletionStage<Void> feedback(KafkaRecordBatch<String, String> batch) {
        return batches.consumeTogether(batch, ReporterFeedback.class, WRITERS, projection::apply);
    }
}
