package org.gridwatch.resolution.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.gridwatch.common.messaging.EventReader;
import org.gridwatch.common.messaging.TransientRetry;
import org.gridwatch.contracts.events.AssignmentEvent;
import org.gridwatch.contracts.events.ReporterFeedback;
import org.gridwatch.contracts.events.TicketStatusChanged;
import org.gridwatch.resolution.service.StatsProjection;

import io.smallrye.common.annotation.Blocking;

/**
 * Feeds the statistics projection from three topics in its own consumer group ({@code resolution-stats}),
 * so that it keeps its own offsets and DLQs apart from the ticket lifecycle's consumers.
 */
@ApplicationScoped
public class StatsConsumers {

    private final EventReader reader;
    private final StatsProjection projection;

    public StatsConsumers(EventReader reader, StatsProjection projection) {
        this.reader = reader;
        this.projection = projection;
    }

    @Incoming("stats-assignments")
    @Blocking
    public void assignments(String record) {
        AssignmentEvent event = reader.read(record, AssignmentEvent.class);
        TransientRetry.run(() -> projection.apply(event));
    }

    @Incoming("stats-ticket-events")
    @Blocking
    public void ticketEvents(String record) {
        TicketStatusChanged event = reader.read(record, TicketStatusChanged.class);
        TransientRetry.run(() -> projection.apply(event));
    }

    @Incoming("stats-feedback")
    @Blocking
    public void feedback(String record) {
        ReporterFeedback event = reader.read(record, ReporterFeedback.class);
        TransientRetry.run(() -> projection.apply(event));
    }
}
