package org.gridwatch.routing.messaging;

import java.time.OffsetDateTime;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.gridwatch.common.messaging.EventReader;
import org.gridwatch.common.messaging.TransientRetry;
import org.gridwatch.contracts.events.ReportSubmitted;
import org.gridwatch.contracts.events.AssignmentEvent;
import org.gridwatch.routing.service.ReportRouter;
import org.gridwatch.routing.service.RoutingNotConfiguredException;
import org.jboss.logging.Logger;

import io.smallrye.common.annotation.Blocking;

/**
 * Routes each report of {@code gridwatch.reports.v1} and publishes the decision before acknowledging it. An
 * unavailable database, a city without rules and Kafka not acknowledging are all waited out; a conflict with another
 * transaction is retried a few times ({@code TransientRetry}); only a record that cannot be read or applied goes to the
 * DLQ (G8).
 */
@ApplicationScoped
public class ReportConsumer {

    private static final Logger LOG = Logger.getLogger(ReportConsumer.class);

    private final EventReader reader;
    private final ReportRouter router;
    private final AssignmentPublisher publisher;

    public ReportConsumer(EventReader reader, ReportRouter router, AssignmentPublisher publisher) {
        this.reader = reader;
        this.router = router;
        this.publisher = publisher;
    }

    @Incoming("reports")
    @Blocking
    public void consume(String record) {
        ReportSubmitted event = reader.read(record, ReportSubmitted.class);
        publisher.publish(routeWhenConfigured(event));
    }

    /**
     * Waits, rather than failing the report, while the city has no areas or fallback rule yet. An interrupt (the
     * service stopping) does not end the wait either: failing would dead-letter a valid report. It is restored once
     * the report is routed.
     */
    private AssignmentEvent routeWhenConfigured(ReportSubmitted event) {
        long lastLog = 0;
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return TransientRetry.call(() -> router.route(event, OffsetDateTime.now()));
                } catch (RoutingNotConfiguredException e) {
                    if (System.nanoTime() - lastLog > TimeUnit.MINUTES.toNanos(1)) {
                        LOG.errorf("Report %s waits: %s", event.reportId(), e.getMessage());
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
