package org.gridwatch.routing.service;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.gridwatch.contracts.Priority;
import org.gridwatch.routing.persistence.DecisionEntity;
import org.gridwatch.routing.persistence.DecisionRepository;
import org.gridwatch.routing.persistence.ReceivedReport;
import org.gridwatch.routing.persistence.ReceivedReportRepository;
import org.gridwatch.routing.persistence.RoutingTicket;
import org.gridwatch.routing.persistence.RoutingTicketRepository;
import org.jboss.logging.Logger;

/**
 * Takes in the tickets resolution opened itself: a report routing merged into a ticket that was finished (RESOLVED,
 * CLOSED or REJECTED) by the time the merge reached resolution opens a ticket of its own, {@code T-<reportId>}, for
 * the finished ticket's department (G7: a report never joins a finished ticket). Routing learns of it from the new
 * ticket's first status event ({@code splitFrom}), or from its return if that comes first, and from then on merges
 * into it and re-dispatches it like any ticket it opened; the report's decision names the new ticket.
 */
@ApplicationScoped
public class SplitTickets {

    private static final Logger LOG = Logger.getLogger(SplitTickets.class);

    private final RoutingTicketRepository tickets;
    private final DecisionRepository decisions;
    private final ReceivedReportRepository reports;

    public SplitTickets(RoutingTicketRepository tickets, DecisionRepository decisions, ReceivedReportRepository reports) {
        this.tickets = tickets;
        this.decisions = decisions;
        this.reports = reports;
    }

    /**
     * The ticket {@code ticketId} if routing knows it; otherwise, when it is resolution's ticket for a report that
     * routing merged elsewhere, that ticket, created now (locked); otherwise nothing.
     *
     * @param priority the new ticket's priority if the caller knows it, else null (the merge target's is used)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<RoutingTicket> lockOrAdopt(String ticketId, UUID reportId, String departmentId, Priority priority,
                                               OffsetDateTime at) {
        Optional<RoutingTicket> known = tickets.lock(ticketId);
        if (known.isPresent() || reportId == null || !ticketId.equals(ReportRouter.ticketIdFor(reportId))) {
            return known;
        }
        DecisionEntity decision = decisions.findById(reportId);
        ReceivedReport report = reports.findById(reportId);
        if (decision == null || report == null || !"MERGED".equals(decision.outcome)) {
            return Optional.empty();
        }
        RoutingTicket origin = tickets.findById(decision.ticketId);
        if (origin == null) {
            return Optional.empty();
        }
        RoutingTicket t = new RoutingTicket();
        t.id = ticketId;
        t.category = origin.category;
        t.lat = report.lat;
        t.lon = report.lon;
        t.gridCode = origin.gridCode;
        t.areaPath = new ArrayList<>(origin.areaPath);
        t.unlocated = origin.unlocated;
        t.openedAt = at;
        t.priority = priority != null ? priority : origin.priority;
        t.departmentId = departmentId != null ? departmentId : origin.departmentId;
        t.firstReportId = reportId;
        t.reporters = new ArrayList<>(List.of(report.reporterId));
        t.departmentsTried = new ArrayList<>();
        t.hop = 0;
        t.open = true;
        t.statusAt = at;
        t.statusVersion = 0;
        t.splitFrom = origin.id;
        t.updatedAt = at;
        tickets.persist(t);
        tickets.flush();
        decision.reason = decision.reason + "; " + origin.id + " was already finished when the merge reached resolution, "
                + "which opened " + ticketId + " for this report";
        decision.outcome = "NEW_TICKET";
        decision.ticketId = ticketId;
        decision.departmentId = t.departmentId;
        LOG.infof("Report %s opened ticket %s: the ticket it was merged into, %s, was already finished", reportId, ticketId,
                origin.id);
        return tickets.lock(ticketId);
    }
}
