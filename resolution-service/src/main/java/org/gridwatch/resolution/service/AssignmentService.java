package org.gridwatch.resolution.service;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.gridwatch.common.persistence.ProcessedEvents;
import org.gridwatch.contracts.events.AssignmentEvent;
import org.gridwatch.contracts.events.GeoPoint;
import org.gridwatch.contracts.events.ReportMerged;
import org.gridwatch.contracts.events.TicketAssigned;
import org.gridwatch.contracts.events.TicketStatus;
import org.gridwatch.resolution.domain.TicketLifecycle;
import org.gridwatch.resolution.persistence.Ticket;
import org.gridwatch.resolution.persistence.TicketReport;
import org.gridwatch.resolution.persistence.TicketRepository;
import org.jboss.logging.Logger;

/**
 * Applies routing's decisions: a {@link TicketAssigned} opens a ticket (or hands a returned one to its
 * next department), a {@link ReportMerged} attaches another report to an open ticket. Each event takes
 * effect once, whatever Kafka redelivers, under the ticket's row lock.
 *
 * <p>A merge that reaches a ticket already finished (RESOLVED, CLOSED or REJECTED; routing merged it before it
 * heard of the finish) does not join it (G7): the report opens a ticket of its own, {@code T-<reportId>}, for the
 * finished ticket's department under the same rule, with the merge's priority and fresh deadlines, and the split is
 * announced like any assignment: a {@link TicketAssigned} with {@code splitFrom} on {@code gridwatch.assignments.v1}
 * (for the rider's view and the statistics) and the new ticket's first {@code TicketStatusChanged}, also with
 * {@code splitFrom} (for routing, which then merges later reports into it).
 */
@ApplicationScoped
public class AssignmentService {

    static final String CONSUMER = "resolution.assignments";
    static final String ROUTING_ACTOR = "routing-service";
    static final String RESOLUTION_ACTOR = "resolution-service";
    /** The rule a split names when the finished ticket's rule was never recorded (assigned before rules were kept). */
    static final String UNKNOWN_RULE = "unknown";
    private static final Logger LOG = Logger.getLogger(AssignmentService.class);

    private final TicketRepository tickets;
    private final ProcessedEvents processed;
    private final Outbox outbox;
    private final Clock clock;

    public AssignmentService(TicketRepository tickets, ProcessedEvents processed, Outbox outbox, Clock clock) {
        this.tickets = tickets;
        this.processed = processed;
        this.outbox = outbox;
        this.clock = clock;
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
        ticket.ruleId = e.ruleId();
        ticket.ruleSetVersion = e.ruleSetVersion();
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
        if (TicketLifecycle.finished(ticket.status)) {
            split(ticket, e);
            return;
        }
        addReport(ticket, e.reportId(), e.reporterId(), e.submittedAt());
        ticket.priority = e.priority();
        ticket.version++;
    }

    /** The merged report opens a ticket of its own: {@code origin} was finished before the merge reached it. */
    private void split(Ticket origin, ReportMerged e) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        Ticket ticket = new Ticket();
        ticket.id = "T-" + e.reportId();
        ticket.status = TicketStatus.ASSIGNED;
        ticket.category = origin.category;
        ticket.priority = e.priority();
        ticket.departmentId = origin.departmentId;
        ticket.gridCode = origin.gridCode;
        ticket.areaPath = new ArrayList<>(origin.areaPath);
        ticket.unlocated = origin.unlocated;
        ticket.lat = e.location() != null ? e.location().lat() : origin.lat;
        ticket.lon = e.location() != null ? e.location().lon() : origin.lon;
        ticket.hop = 0;
        ticket.assignedAt = now;
        ticket.responseDueAt = now.plus(e.priority().defaultResponseTime());
        ticket.resolveDueAt = now.plus(e.priority().defaultResolutionTime());
        ticket.ruleId = origin.ruleId;
        ticket.ruleSetVersion = origin.ruleSetVersion;
        ticket.splitFrom = origin.id;
        ticket.version = 1;
        tickets.persist(ticket);
        addReport(ticket, e.reportId(), e.reporterId(), e.submittedAt());
        String reason = "ticket " + origin.id + " was already " + origin.status + " when this report, merged into it by routing, "
                + "reached it: a new ticket for " + origin.departmentId;
        ticket.history.add(TicketEvents.historyEntry(ticket, null, RESOLUTION_ACTOR, now, reason, null));
        outbox.add(new TicketAssigned(UUID.nameUUIDFromBytes(("split:" + e.reportId()).getBytes(StandardCharsets.UTF_8)),
                ticket.id, e.reportId(), e.reporterId(), ticket.category, ticket.priority, ticket.departmentId, ticket.gridCode,
                ticket.areaPath, ticket.unlocated, new GeoPoint(ticket.lat, ticket.lon, null),
                origin.ruleId == null ? UNKNOWN_RULE : origin.ruleId, origin.ruleSetVersion == null ? 0 : origin.ruleSetVersion,
                0, reason, e.submittedAt(), now, ticket.responseDueAt, ticket.resolveDueAt, e.departmentName(), e.areaNames(),
                origin.id), now);
        outbox.add(TicketEvents.statusChanged(ticket, null, RESOLUTION_ACTOR, now, reason, null), now);
        LOG.infof("Report %s merged into %s %s: opened %s instead", e.reportId(), origin.status, origin.id, ticket.id);
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
