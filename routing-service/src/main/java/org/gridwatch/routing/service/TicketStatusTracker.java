package org.gridwatch.routing.service;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.gridwatch.contracts.events.TicketStatus;
import org.gridwatch.contracts.events.TicketStatusChanged;
import org.gridwatch.routing.persistence.RoutingTicket;
import org.gridwatch.routing.persistence.RoutingTicketRepository;

/**
 * Learns from resolution which tickets are still open, so that only open tickets take merged reports.
 * The latest status by event time wins, whatever order the events arrive in.
 */
@ApplicationScoped
public class TicketStatusTracker {

    private static final Set<TicketStatus> CLOSED = Set.of(TicketStatus.RESOLVED, TicketStatus.CLOSED, TicketStatus.REJECTED);

    private final RoutingTicketRepository tickets;

    public TicketStatusTracker(RoutingTicketRepository tickets) {
        this.tickets = tickets;
    }

    @Transactional
    public void apply(TicketStatusChanged e) {
        if (e.escalation() != null) {
            return;
        }
        RoutingTicket t = tickets.findById(e.ticketId());
        if (t == null || e.at().isBefore(t.statusAt)) {
            return;
        }
        t.open = !CLOSED.contains(e.to());
        t.statusAt = e.at();
    }
}
