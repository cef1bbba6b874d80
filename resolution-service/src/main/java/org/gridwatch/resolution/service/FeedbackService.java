package org.gridwatch.resolution.service;

import java.time.Clock;
import java.time.OffsetDateTime;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.gridwatch.common.persistence.ProcessedEvents;
import org.gridwatch.contracts.events.ReporterFeedback;
import org.gridwatch.contracts.events.TicketStatus;
import org.gridwatch.resolution.domain.Transition;
import org.gridwatch.resolution.persistence.Ticket;
import org.gridwatch.resolution.persistence.TicketRepository;
import org.jboss.logging.Logger;

/**
 * Applies a reporter's verdict on a resolution: confirmed closes the ticket, disputed reopens it. Only a
 * RESOLVED ticket listens; feedback arriving at any other time is logged and dropped. Each event applies once.
 */
@ApplicationScoped
public class FeedbackService {

    static final String CONSUMER = "resolution.feedback";
    private static final Logger LOG = Logger.getLogger(FeedbackService.class);

    private final TicketRepository tickets;
    private final ProcessedEvents processed;
    private final TicketTransitions transitions;
    private final Clock clock;

    public FeedbackService(TicketRepository tickets, ProcessedEvents processed, TicketTransitions transitions, Clock clock) {
        this.tickets = tickets;
        this.processed = processed;
        this.transitions = transitions;
        this.clock = clock;
    }

    @Transactional
    public void apply(ReporterFeedback feedback) {
        if (!processed.firstDelivery(CONSUMER, feedback.eventId())) {
            LOG.debugf("Skipping redelivered feedback %s", feedback.eventId());
            return;
        }
        Ticket ticket = tickets.lock(feedback.ticketId()).orElse(null);
        if (ticket == null || ticket.reports.stream().noneMatch(r -> r.reportId.equals(feedback.reportId()))) {
            LOG.warnf("Ignoring feedback %s: ticket %s does not carry report %s", feedback.eventId(), feedback.ticketId(),
                    feedback.reportId());
            return;
        }
        if (ticket.status != TicketStatus.RESOLVED) {
            LOG.infof("Ignoring feedback %s: ticket %s is %s, not RESOLVED", feedback.eventId(), ticket.id, ticket.status);
            return;
        }
        transitions.apply(ticket, feedback.fixed() ? Transition.CONFIRM : Transition.DISPUTE, "reporter:" + feedback.reporterId(),
                feedback.comment(), null, OffsetDateTime.now(clock));
    }
}
