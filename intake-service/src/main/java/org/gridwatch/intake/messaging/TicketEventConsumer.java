package org.gridwatch.intake.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.gridwatch.common.messaging.EventReader;
import org.gridwatch.common.messaging.TransientRetry;
import org.gridwatch.contracts.events.TicketStatusChanged;
import org.gridwatch.intake.service.ReporterViewService;

import io.smallrye.common.annotation.Blocking;

/** Reads {@code gridwatch.ticket-events.v1} into the reporter's view; an unavailable database is waited for and a conflict retried a few times ({@code TransientRetry}); a record that cannot be applied goes to the DLQ. */
@ApplicationScoped
public class TicketEventConsumer {

    private final EventReader reader;
    private final ReporterViewService view;

    public TicketEventConsumer(EventReader reader, ReporterViewService view) {
        this.reader = reader;
        this.view = view;
    }

    @Incoming("ticket-events")
    @Blocking
    public void consume(String record) {
        TicketStatusChanged event = reader.read(record, TicketStatusChanged.class);
        TransientRetry.run(() -> view.apply(event));
    }
}
