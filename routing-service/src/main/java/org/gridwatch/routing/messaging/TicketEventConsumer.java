package org.gridwatch.routing.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.gridwatch.common.messaging.EventReader;
import org.gridwatch.common.messaging.TransientRetry;
import org.gridwatch.contracts.events.TicketStatusChanged;
import org.gridwatch.routing.service.TicketStatusTracker;

import io.smallrye.common.annotation.Blocking;

/** Follows {@code gridwatch.ticket-events.v1} to know which tickets are still open for merging. */
@ApplicationScoped
public class TicketEventConsumer {

    private final EventReader reader;
    private final TicketStatusTracker tracker;

    public TicketEventConsumer(EventReader reader, TicketStatusTracker tracker) {
        this.reader = reader;
        this.tracker = tracker;
    }

    @Incoming("ticket-events")
    @Blocking
    public void consume(String record) {
        TicketStatusChanged event = reader.read(record, TicketStatusChanged.class);
        TransientRetry.run(() -> tracker.apply(event));
    }
}
