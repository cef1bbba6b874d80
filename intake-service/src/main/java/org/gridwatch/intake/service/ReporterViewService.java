package org.gridwatch.intake.service;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.gridwatch.common.persistence.ProcessedEvents;
import org.gridwatch.contracts.events.AssignmentEvent;
import org.gridwatch.contracts.events.ReportMerged;
import org.gridwatch.contracts.events.TicketAssigned;
import org.gridwatch.contracts.events.TicketStatusChanged;
import org.gridwatch.intake.domain.ReportTimeline;
import org.gridwatch.intake.persistence.ReportEntity;
import org.gridwatch.intake.persistence.ReportHistoryEntry;
import org.gridwatch.intake.persistence.ReportHistoryRepository;
import org.gridwatch.intake.persistence.ReportRepository;
import org.jboss.logging.Logger;

/**
 * Keeps the reporter's view of each report up to date from routing's assignments and the ticket's status
 * changes, remembers the department and area names the assignments carry, and credits points when a ticket
 * is fixed. Each event takes effect once (G3); reports intake does not have (filed before its database
 * existed) are left alone. A report's department is that of the latest event by event time that names one.
 *
 * <p>Any event about a report proves Kafka holds it: a report intake reserved but never marked acknowledged (intake
 * was killed between Kafka's acknowledgement and its own commit) is marked acknowledged then, so its rider sees it
 * without the app having to send it again.
 */
@ApplicationScoped
public class ReporterViewService {

    static final String ASSIGNMENTS_CONSUMER = "intake.assignments";
    static final String TICKET_EVENTS_CONSUMER = "intake.ticket-events";
    private static final Logger LOG = Logger.getLogger(ReporterViewService.class);

    private final ReportRepository reports;
    private final ReportHistoryRepository history;
    private final ProcessedEvents processed;
    private final DisplayNames names;
    private final PointsLedger points;

    public ReporterViewService(ReportRepository reports, ReportHistoryRepository history, ProcessedEvents processed,
                               DisplayNames names, PointsLedger points) {
        this.reports = reports;
        this.history = history;
        this.processed = processed;
        this.names = names;
        this.points = points;
    }

    @Transactional
    public void apply(AssignmentEvent event) {
        if (!processed.firstDelivery(ASSIGNMENTS_CONSUMER, event.eventId())) {
            LOG.debugf("Skipping redelivered %s", event.eventId());
            return;
        }
        if (event instanceof TicketAssigned assigned) {
            if (assigned.hop() == 0) {
                routed(assigned);
            } else {
                passedOn(assigned);
            }
        } else if (event instanceof ReportMerged merged) {
            merged(merged);
        }
    }

    @Transactional
    public void apply(TicketStatusChanged event) {
        if (event.escalation() != null) {
            return; // escalations are for supervisors; the reporter's ticket did not change status
        }
        if (!processed.firstDelivery(TICKET_EVENTS_CONSUMER, event.eventId())) {
            LOG.debugf("Skipping redelivered %s", event.eventId());
            return;
        }
        // An event names at most 100 of a ticket's reports: for a larger ticket, intake's own links name the rest.
        List<ReportEntity> known = event.reportIdsTruncated() ? reports.lockTicketAnd(event.ticketId(), event.reportIds())
                : reports.lockAll(event.reportIds());
        if (!event.reportIdsTruncated() && known.size() < event.reportIds().size()) {
            LOG.debugf("Ticket %s: %d of its reports were not filed here", event.ticketId(),
                    event.reportIds().size() - known.size());
        }
        for (ReportEntity report : known) {
            // A status change can overtake routing's event on the other topic: the ticket is known already.
            if (report.ticketId == null) {
                report.ticketId = event.ticketId();
            }
            assignDepartment(report, event.departmentId(), event.at());
            record(report, event.at(), event.to().name(), event.note(), event.eventId(), event.ticketId(), event.version());
        }
        points.credit(event, known);
    }

    private void routed(TicketAssigned e) {
        ReportEntity report = lockOne(e.reportId(), e);
        names.remember(e.departmentId(), e.departmentName(), e.areaPath(), e.areaNames(), e.assignedAt());
        if (report == null) {
            return;
        }
        report.ticketId = e.ticketId();
        report.ticketRole = ReportEntity.OPENED_TICKET;
        assignDepartment(report, e.departmentId(), e.assignedAt());
        report.areaPath = new ArrayList<>(e.areaPath());
        String assigned = "Assigned to " + displayed(e.departmentId(), e.departmentName());
        record(report, e.assignedAt(), ReportTimeline.ROUTED, e.splitFrom() == null ? assigned
                : "Ticket " + e.splitFrom() + " was already finished when this report reached it; a new ticket. " + assigned,
                e.eventId());
    }

    /** A returned ticket was re-dispatched: every report on it is now with the new department. */
    private void passedOn(TicketAssigned e) {
        List<ReportEntity> onTicket = reports.lockTicket(e.ticketId(), e.reportId());
        names.remember(e.departmentId(), e.departmentName(), e.areaPath(), e.areaNames(), e.assignedAt());
        if (onTicket.isEmpty()) {
            LOG.debugf("Ticket %s has no report filed here; ignoring %s", e.ticketId(), e.eventId());
        }
        for (ReportEntity report : onTicket) {
            report.ticketId = e.ticketId();
            if (report.ticketRole == null && report.reportId.equals(e.reportId())) {
                report.ticketRole = ReportEntity.OPENED_TICKET; // a re-dispatch names the ticket's first report
            }
            assignDepartment(report, e.departmentId(), e.assignedAt());
            if (report.areaPath.isEmpty()) {
                report.areaPath = new ArrayList<>(e.areaPath());
            }
            record(report, e.assignedAt(), ReportTimeline.ROUTED, "Passed to " + displayed(e.departmentId(), e.departmentName()),
                    e.eventId());
        }
    }

    private void merged(ReportMerged e) {
        ReportEntity report = lockOne(e.reportId(), e);
        names.remember(e.departmentId(), e.departmentName(), e.areaPath(), e.areaNames(), e.mergedAt());
        if (report == null) {
            return;
        }
        report.ticketId = e.ticketId();
        report.ticketRole = ReportEntity.MERGED_INTO_TICKET;
        if (e.departmentId() != null) {
            assignDepartment(report, e.departmentId(), e.mergedAt());
        }
        if (!e.areaPath().isEmpty()) {
            report.areaPath = new ArrayList<>(e.areaPath());
        }
        // A merge from an older routing names neither: take them from a report of the ticket that intake has.
        if (e.departmentId() == null || e.areaPath().isEmpty()) {
            reports.findRoutedSibling(e.ticketId(), e.reportId()).ifPresent(sibling -> {
                if (e.departmentId() == null) {
                    assignDepartment(report, sibling.departmentId, sibling.departmentAt);
                }
                if (report.areaPath.isEmpty()) {
                    report.areaPath = new ArrayList<>(sibling.areaPath);
                }
            });
        }
        record(report, e.mergedAt(), ReportTimeline.MERGED, "Joined ticket " + e.ticketId()
                + " with other reports of the same hazard (" + e.distinctReporters() + " reporters)", e.eventId());
    }

    /**
     * Sets the report's department unless a later event (by event time) has already set it: assignments and
     * ticket events come on two topics with no order between them.
     */
    private static void assignDepartment(ReportEntity report, String departmentId, OffsetDateTime at) {
        if (departmentId == null) {
            return;
        }
        if (report.departmentId == null || report.departmentAt == null || at == null || !at.isBefore(report.departmentAt)) {
            report.departmentId = departmentId;
            report.departmentAt = at == null ? null : at.truncatedTo(ChronoUnit.MICROS);
        }
    }

    private static String displayed(String departmentId, String departmentName) {
        return departmentName == null || departmentName.isBlank() ? departmentId : departmentName;
    }

    private ReportEntity lockOne(UUID reportId, AssignmentEvent e) {
        List<ReportEntity> found = reports.lockAll(List.of(reportId));
        if (found.isEmpty()) {
            LOG.debugf("Report %s was not filed here; ignoring %s", reportId, e.eventId());
            return null;
        }
        return found.get(0);
    }

    /** Adds one of routing's steps. */
    private void record(ReportEntity report, OffsetDateTime at, String status, String note, UUID eventId) {
        record(report, at, status, note, eventId, null, null);
    }

    /**
     * Adds a step; the report's status becomes that of its latest step (ReportTimeline), whatever order they came in.
     * The step is evidence that Kafka holds the report: one intake never marked acknowledged is marked now.
     */
    private void record(ReportEntity report, OffsetDateTime at, String status, String note, UUID eventId, String ticketId,
                        Long ticketVersion) {
        if (report.acknowledgedAt == null) {
            report.acknowledgedAt = OffsetDateTime.now(ZoneOffset.UTC);
            LOG.infof("Report %s was never marked acknowledged here, but %s proves Kafka holds it: its rider sees it now",
                    report.reportId, eventId);
        }
        ReportHistoryEntry entry = new ReportHistoryEntry();
        entry.reportId = report.reportId;
        // As PostgreSQL stores it: steps compared before and after a reload must compare the same.
        entry.at = at == null ? null : at.truncatedTo(ChronoUnit.MICROS);
        entry.status = status;
        entry.note = note;
        entry.eventId = eventId;
        entry.ticketId = ticketId;
        entry.ticketVersion = ticketVersion;
        history.persist(entry);
        report.status = ReportTimeline.currentStatus(history.listFor(report.reportId).stream()
                .map(ReportHistoryEntry::toStep).toList());
        report.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
    }
}
