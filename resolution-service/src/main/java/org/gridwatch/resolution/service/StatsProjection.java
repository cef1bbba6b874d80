package org.gridwatch.resolution.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.gridwatch.common.persistence.ProcessedEvents;
import org.gridwatch.contracts.events.AssignmentEvent;
import org.gridwatch.contracts.events.GridWatchEvent;
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

    /**
     * Applies a poll's events of one topic: those not seen before change their tickets' facts, in order, and the rollup
     * follows the facts once for the whole poll ({@link TicketFactRepository#changing}).
     */
    @Transactional
    public void apply(List<? extends GridWatchEvent> events) {
        List<GridWatchEvent> fresh = new ArrayList<>(events.size());
        Set<String> tickets = new HashSet<>();
        for (GridWatchEvent event : events) {
            // Escalations repeat the status (from == to) and change none of the rates.
            if (processed.firstDelivery(consumerOf(event), event.eventId())
                    && !(event instanceof TicketStatusChanged changed && changed.escalation() != null)) {
                fresh.add(event);
                tickets.add(ticketOf(event));
                if (event instanceof TicketAssigned assigned && assigned.splitFrom() != null) {
                    tickets.add(assigned.splitFrom());
                }
            }
        }
        if (!fresh.isEmpty()) {
            facts.changing(tickets, () -> fresh.forEach(this::change));
        }
    }

    private void change(GridWatchEvent event) {
        if (event instanceof TicketAssigned assigned) {
            facts.assigned(assigned);
            if (assigned.splitFrom() != null) {
                // The report counted on the finished ticket by its (too late) merge is this new ticket's now.
                facts.reportsAdded(assigned.splitFrom(), -1);
            }
        } else if (event instanceof ReportMerged merged) {
            facts.reportsAdded(merged.ticketId(), 1);
        } else if (event instanceof TicketStatusChanged changed) {
            facts.statusChanged(changed);
        } else if (event instanceof ReporterFeedback feedback) {
            facts.feedback(feedback.ticketId(), feedback.fixed());
        }
    }

    private static String ticketOf(GridWatchEvent event) {
        if (event instanceof AssignmentEvent assignment) {
            return assignment.ticketId();
        }
        return event instanceof TicketStatusChanged changed ? changed.ticketId() : ((ReporterFeedback) event).ticketId();
    }

    private static String consumerOf(GridWatchEvent event) {
        if (event instanceof AssignmentEvent) {
            return ASSIGNMENTS_CONSUMER;
        }
        return event instanceof TicketStatusChanged ? TICKET_EVENTS_CONSUMER : FEEDBACK_CONSUMER;
    }

    /**
     * Moves the rollup's overdue watermark to {@code now}, so that statistics queries count fewer open facts; the
     * figures stay the same whenever it runs. Returns how many open tickets became overdue since the last move.
     */
    @Transactional
    public long advanceOverdue(Instant now) {
        return facts.advanceOverdue(now);
    }
}
