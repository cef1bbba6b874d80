package org.gridwatch.resolution.service;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.gridwatch.common.persistence.ProcessedEvents;
import org.gridwatch.contracts.events.AssignmentEvent;
import org.gridwatch.contracts.events.ReportMerged;
import org.gridwatch.contracts.events.TicketAssigned;
import org.gridwatch.contracts.events.TicketStatus;
import org.gridwatch.resolution.persistence.Ticket;
import org.gridwatch.resolution.persistence.TicketReport;
import org.gridwatch.resolution.persistence.TicketRepository;
import org.jboss.logging.Logger;

/**
 * Applies routing's decisions: a {@link TicketAssigned} opens a ticket (or hands a returned one to its
 * next department), a {@link ReportMerged} attaches another report to an open ticket. Each event takes
 * effect once, whatever Kafka redelivers.
 */
@ApplicationScoped
public class AssignmentService {

    static final String CONSUMER = "resolution.assignments";
    static final String ROUTING_ACTOR = "routing-service";
    private static final Logger LOG = Logger.getLogger(AssignmentService.class);

    private final TicketRepository tickets;
    private final ProcessedEvents processed;
    private final Outbox outbox;

    public AssignmentService(TicketRepository tickets, ProcessedEvents processed, Outbox outbox) {
        this.tickets = tickets;
        this.processed = processed;
        this.outbox = outbox;
    }

    @Transactional
    public void apply(AssignmentEvent event) {
        if (!processed.firstDelivery(CONSUMER, event.eventId())) {
            LOG.debugf("Skipping redelivered %s", event.eventId());
            return;
        }
        if (event instanceof TicketAssigned assigned) {
            assign(assigned);
        } else if (event instanceof ReportMerged merged) {
            merge(merged);
        }
    }

    private void assign(TicketAssigned e) {
        Ticket ticket = tickets.lock(e.ticketId()).orElse(null);
        boolean opened = ticket == null;
        if (opened) {
            ticket = new Ticket();
            ticket.id = e.ticketId();
            ticket.category = e.category();
            ticket.gridCode = e.gridCode();
            ticket.areaPath = new ArrayList<>(e.areaPath());
            ticket.unlocated = e.unlocated();
            ticket.lat = e.location().lat();
            ticket.lon = e.location().lon();
            ticket.version = 0;
        } else if (e.hop() <= ticket.hop) {
            return; // an older hop arriving late changes nothing
        }
        TicketStatus from = ticket.status;
        ticket.status = TicketStatus.ASSIGNED;
        ticket.priority = e.priority();
        ticket.departmentId = e.departmentId();
        ticket.hop = e.hop();
        ticket.assignedAt = e.assignedAt();
        ticket.responseDueAt = e.responseDueAt();
        ticket.resolveDueAt = e.resolveDueAt();
        // New deadlines for the new department: their escalations are yet to come.
        ticket.responseEscalatedAt = null;
        ticket.resolutionEscalatedAt = null;
        ticket.resolvedAt = null;
        ticket.version++;
        if (opened) {
            tickets.persist(ticket);
            addReport(ticket, e.reportId(), e.reporterId(), e.submittedAt());
        }
        ticket.history.add(TicketEvents.historyEntry(ticket, from, ROUTING_ACTOR, e.assignedAt(), e.reason(), null));
        // Through the outbox like every other status change, so the reporter's view and routing learn of it.
        outbox.add(TicketEvents.statusChanged(ticket, from, ROUTING_ACTOR, e.assignedAt(), e.reason(), null), e.assignedAt());
    }

    private void merge(ReportMerged e) {
        Ticket ticket = tickets.lock(e.ticketId()).orElse(null);
        if (ticket == null) {
            // Both events share the ticket's key, so the TicketAssigned comes first on the partition;
            // a merge without its ticket is a broken record, not something to wait for.
            throw new IllegalStateException("ReportMerged for unknown ticket " + e.ticketId());
        }
        addReport(ticket, e.reportId(), e.reporterId(), e.submittedAt());
        ticket.priority = e.priority();
        ticket.version++;
    }

    private static void addReport(Ticket ticket, UUID reportId, String reporterId, OffsetDateTime submittedAt) {
        TicketReport report = new TicketReport();
        report.reportId = reportId;
        report.ticket = ticket;
        report.reporterId = reporterId;
        report.submittedAt = submittedAt;
        ticket.reports.add(report);
    }
}
