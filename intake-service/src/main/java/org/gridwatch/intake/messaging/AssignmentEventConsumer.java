package org.gridwatch.intake.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.gridwatch.common.messaging.EventReader;
import org.gridwatch.common.messaging.TransientRetry;
import org.gridwatch.contracts.events.AssignmentEvent;
import org.gridwatch.intake.service.ReporterViewService;

import io.smallrye.common.annotation.Blocking;

/** Reads {@code gridwatch.assignments.v1} into the reporter's view; an unavailable database is waited for and a conflict retried a few times ({@code TransientRetry}); a record that cannot be applied goes to the DLQ. */
@ApplicationScoped
public class AssignmentEventConsumer {

    private final EventReader reader;
    private final ReporterViewService view;

    public AssignmentEventConsumer(EventReader reader, ReporterViewService view) {
        this.reader = reader;
        this.view = view;
    }

    @Incoming("assignments")
    @Blocking
    public void consume(String record) {
        AssignmentEvent event = reader.read(record, AssignmentEvent.class);
        TransientRetry.run(() -> view.apply(event));
    }
}
