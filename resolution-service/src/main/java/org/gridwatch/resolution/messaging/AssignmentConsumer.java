package org.gridwatch.resolution.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.gridwatch.common.messaging.EventReader;
import org.gridwatch.common.messaging.TransientRetry;
import org.gridwatch.contracts.events.AssignmentEvent;
import org.gridwatch.resolution.service.AssignmentService;

import io.smallrye.common.annotation.Blocking;

/** Reads {@code gridwatch.assignments.v1}; an unavailable database is waited for and a conflict retried a few times ({@code TransientRetry}); a record that cannot be applied goes to the DLQ. */
@ApplicationScoped
public class AssignmentConsumer {

    private final EventReader reader;
    private final AssignmentService service;

    public AssignmentConsumer(EventReader reader, AssignmentService service) {
        this.reader = reader;
        this.service = service;
    }

    @Incoming("assignments")
    @Blocking
    public void consume(String record) {
        AssignmentEvent event = reader.read(record, AssignmentEvent.class);
        TransientRetry.run(() -> service.apply(event));
    }
}
