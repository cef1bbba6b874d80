package org.gridwatch.routing.messaging;

import java.time.OffsetDateTime;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.gridwatch.common.messaging.EventReader;
import org.gridwatch.common.messaging.TransientRetry;
import org.gridwatch.contracts.events.TicketReturned;
import org.gridwatch.routing.service.ReturnRouter;

import io.smallrye.common.annotation.Blocking;

/** Re-dispatches each ticket returned on {@code gridwatch.returns.v1} and publishes its new assignment. */
@ApplicationScoped
public class ReturnConsumer {

    private final EventReader reader;
    private final ReturnRouter router;
    private final AssignmentPublisher publisher;

    public ReturnConsumer(EventReader reader, ReturnRouter router, AssignmentPublisher publisher) {
        this.reader = reader;
        this.router = router;
        this.publisher = publisher;
    }

    @Incoming("returns")
    @Blocking
    public void consume(String record) {
        TicketReturned event = reader.read(record, TicketReturned.class);
        TransientRetry.call(() -> router.redispatch(event, OffsetDateTime.now())).ifPresent(publisher::publish);
    }
}
