package org.gridwatch.resolution.service;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.gridwatch.common.persistence.ProcessedEvents;
import org.gridwatch.contracts.events.AssignmentEvent;
import org.gridwatch.contracts.events.ReportMerged;
import org.gridwatch.contracts.events.ReporterFeedback;
import org.gridwatch.contracts.events.TicketAssigned;
import org.gridwatch.contracts.events.TicketStatusChanged;
import org.gridwatch.resolution.persistence.TicketFactRepository;

/**
 * Keeps the statistics projection ({@code ticket_fact}) from events alone, independent of the ticket
 * lifecycle tables; each event takes effect once per consumer, checked in the same transaction.
 */
@ApplicationScoped
public class StatsProjection {

    static final String ASSIGNMENTS_CONSUMER = "resolution.stats.assignments";
    static final String TICKET_EVENTS_CONSUMER = "resolution.stats.ticket-events";
    static final String FEEDBACK_CONSUMER = "resolution.stats.feedback";

    private final TicketFactRepository facts;
    private final ProcessedEvents processed;

    public StatsProjection(TicketFactRepository facts, ProcessedEvents processed) {
        this.facts = facts;
        this.processed = processed;
    }

    @Transactional
    public void apply(AssignmentEvent event) {
        if (!processed.firstDelivery(ASSIGNMENTS_CONSUMER, event.eventId())) {
            return;
        }
        if (event instanceof TicketAssigned assigned) {
            facts.assigned(assigned);
            if (assigned.splitFrom() != null) {
                // The report counted on the finished ticket by its (too late) merge is this new ticket's now.
                facts.reportsAdded(assigned.splitFrom(), -1);
            }
        } else if (event instanceof ReportMerged merged) {
            facts.reportsAdded(merged.ticketId(), 1);
        }
    }

    @Transactional
    public void apply(TicketStatusChanged event) {
        // Escalations repeat the status (from == to) and change none of the rates.
        if (!processed.firstDelivery(TICKET_EVENTS_CONSUMER, event.eventId()) || event.escalation() != null) {
            return;
        }
        facts.statusChanged(event);
    }

    /**
     * Moves the rollup's overdue watermark to {@code now}, so that statistics queries count fewer open facts; the
     * figures stay the same whenever it runs. Returns how many open tickets became overdue since the last move.
     */
    @Transactional
    public long advanceOverdue(Instant now) {
        return facts.advanceOverdue(now);
    }

    @Transactional
    public void apply(ReporterFeedback event) {
        if (!processed.firstDelivery(FEEDBACK_CONSUMER, event.eventId())) {
            return;
        }
        facts.feedback(event.ticketId(), event.fixed());
    }
}
