package org.gridwatch.routing.service;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.gridwatch.contracts.events.TicketStatus;
import org.gridwatch.contracts.events.TicketStatusChanged;
import org.gridwatch.routing.persistence.RoutingTicket;

/**
 * Learns from resolution which tickets are still open, so that only open tickets take merged reports. The status
 * of the highest ticket version seen wins, whatever order the events arrive in and whatever the clocks of the
 * instances that published them said (G7). The ticket's row is locked, so a merge or a return of the same ticket
 * waits for this change and this change for them.
 */
@ApplicationScoped
public class TicketStatusTracker {

    private static final Set<TicketStatus> CLOSED = Set.of(TicketStatus.RESOLVED, TicketStatus.CLOSED, TicketStatus.REJECTED);

    private final SplitTickets split;

    public TicketStatusTracker(SplitTickets split) {
        this.split = split;
    }

    @Transactional
    public void apply(TicketStatusChanged e) {
        if (e.escalation() != null) {
            return;
        }
        // Resolution's own ticket for a late merge is announced by its first status event (splitFrom).
        var reportId = e.splitFrom() != null && !e.reportIds().isEmpty() ? e.reportIds().get(0) : null;
        RoutingTicket t = split.lockOrAdopt(e.ticketId(), reportId, e.departmentId(), e.priority(), e.at()).orElse(null);
        if (t == null || e.version() <= t.statusVersion) {
            return;
        }
        t.open = !CLOSED.contains(e.to());
        t.statusAt = e.at();
        t.statusVersion = e.version();
    }
}
