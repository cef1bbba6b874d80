package org.gridwatch.routing.messaging;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.gridwatch.common.messaging.RecordBatches;
import org.gridwatch.common.messaging.TransientRetry;
import org.gridwatch.contracts.events.ReportSubmitted;
import org.gridwatch.contracts.events.AssignmentEvent;
import org.gridwatch.routing.service.ReportRouter;
import org.gridwatch.routing.service.RoutingNotConfiguredException;
import org.jboss.logging.Logger;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/**
 * Routes the reports of each poll of {@code gridwatch.reports.v1} in one transaction and publishes their decisions
 * before acknowledging them ({@link RecordBatches}). An
 * unavailable database, a city without rules and Kafka not acknowledging are all waited out; a conflict with another
 * transaction is retried a few times ({@code TransientRetry}); only a record that cannot be read or applied goes to the
 * DLQ (G8).
 */
@ApplicationScoped
public class ReportConsumer {

    /** Routing's consumers whose transactions lock tickets: one of them at a time ({@link RecordBatches}). */
    static final String TICKET_WRITERS = "routing-tickets";
    private static final Logger LOG = Logger.getLogger(ReportConsumer.class);

    private final RecordBatches batches;
    private final ReportRouter router;
    private final AssignmentPublisher publisher;

    public ReportConsumer(RecordBatches batches, ReportRouter router, AssignmentPublisher publisher) {
        this.batches = batches;
        this.router = router;
        this.publisher = publisher;
    }

    @Incoming("reports")
    @Blocking
    public CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch) {
        return batches.consume(batch, ReportSubmitted.class, this::route);
    }

    /** Routes {@code reports} in one transaction, then publishes their decisions and waits until Kafka has them all. */
    public void route(List<ReportSubmitted> reports) {
        publisher.publish(routeWhenConfigured(reports));
    }

    /**
     * Waits, rather than failing the report, while the city has no areas or fallback rule yet. An interrupt (the
     * service stopping) does not end the wait either: failing would dead-letter a valid report. It is restored once
     * the report is routed.
     */
    private List<AssignmentEvent> routeWhenConfigured(List<ReportSubmitted> reports) {
        long lastLog = 0;
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return TransientRetry.call(() -> batches.inWriterGroup(TICKET_WRITERS,
                            () -> router.route(reports, OffsetDateTime.now())));
                } catch (RoutingNotConfiguredException e) {
                    if (System.nanoTime() - lastLog > TimeUnit.MINUTES.toNanos(1)) {
                        LOG.errorf("%d reports (the first %s) wait: %s", reports.size(), reports.get(0).reportId(), e.getMessage());
                        lastLog = System.nanoTime();
                    }
                    try {
                        Thread.sleep(2_000);
                    } catch (InterruptedException stopping) {
                        interrupted = true;
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
