package org.gridwatch.routing.messaging;

import java.time.OffsetDateTime;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.gridwatch.common.messaging.EventReader;
import org.gridwatch.common.messaging.TransientRetry;
import org.gridwatch.contracts.events.ReportSubmitted;
import org.gridwatch.routing.service.ReportIntake;

import io.smallrye.common.annotation.Blocking;

/** Reads {@code gridwatch.reports.v1}; database hiccups are retried a few times, and a record that still cannot be applied goes to the DLQ. */
@ApplicationScoped
public class ReportConsumer {

    private final EventReader reader;
    private final ReportIntake intake;

    public ReportConsumer(EventReader reader, ReportIntake intake) {
        this.reader = reader;
        this.intake = intake;
    }

    @Incoming("reports")
    @Blocking
    public void consume(String record) {
        ReportSubmitted event = reader.read(record, ReportSubmitted.class);
        TransientRetry.run(() -> intake.receive(event, OffsetDateTime.now()));
    }
}
