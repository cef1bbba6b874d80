package org.gridwatch.routing.service;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.gridwatch.common.messaging.EventReader;
import org.gridwatch.contracts.events.AssignmentEvent;
import org.gridwatch.contracts.events.GeoPoint;
import org.gridwatch.contracts.events.ReportMerged;
import org.gridwatch.contracts.events.ReportSubmitted;
import org.gridwatch.contracts.events.TicketAssigned;
import org.gridwatch.routing.domain.AreaIndex;
import org.gridwatch.routing.domain.Location;
import org.gridwatch.routing.domain.RoutingDecider;
import org.gridwatch.routing.domain.RoutingDecider.Assignment;
import org.gridwatch.routing.domain.RoutingDecider.Decision;
import org.gridwatch.routing.domain.RoutingDecider.Merge;
import org.gridwatch.routing.domain.RoutingDecider.OpenTicket;
import org.gridwatch.routing.domain.RuleSet;
import org.gridwatch.routing.persistence.DecisionEntity;
import org.gridwatch.routing.persistence.DecisionRepository;
import org.gridwatch.routing.persistence.RoutingTicket;
import org.gridwatch.routing.persistence.RoutingTicketRepository;
import org.gridwatch.routing.persistence.TicketHop;
import org.gridwatch.routing.persistence.TicketHopRepository;

/**
 * Routes each report once (G3): the decision and the event it produces are stored with the report's
 * effects in one transaction; a redelivered report gets the stored event back, to be published again
 * with the same id (G4: routing publishes before acknowledging its input).
 */
@ApplicationScoped
public class ReportRouter {

    private final AreaDirectory areas;
    private final RuleBook ruleBook;
    private final CategoryPolicies policies;
    private final RoutingTicketRepository tickets;
    private final DecisionRepository decisions;
    private final TicketHopRepository hops;
    private final ReportIntake journal;
    private final DisplayNames names;
    private final EventReader json;

    public ReportRouter(AreaDirectory areas, RuleBook ruleBook, CategoryPolicies policies, RoutingTicketRepository tickets,
                        DecisionRepository decisions, TicketHopRepository hops, ReportIntake journal, DisplayNames names,
                        EventReader json) {
        this.areas = areas;
        this.ruleBook = ruleBook;
        this.policies = policies;
        this.tickets = tickets;
        this.decisions = decisions;
        this.hops = hops;
        this.journal = journal;
        this.names = names;
        this.json = json;
    }

    /**
     * The events to publish for a poll's reports, in their order, decided in one transaction: each report's stored
     * decision's event, or a new decision's. The locks of all their categories are taken first, in one order that every
     * instance follows (so two instances never wait on each other in a cycle): a report delivered to two instances at
     * once (a rebalance) is decided by one and found decided by the other. The merge candidates are row-locked, so a
     * status change or return of the chosen ticket cannot slip in between reading it and writing it (G7). A later
     * report of the poll sees the tickets an earlier one opened and may merge into them.
     */
    @Transactional
    public List<AssignmentEvent> route(List<ReportSubmitted> reports, OffsetDateTime now) {
        reports.stream().map(ReportSubmitted::category).distinct().sorted().forEach(tickets::lockCategory);
        AreaIndex index = areas.index();
        RuleSet rules = ruleBook.current();
        List<AssignmentEvent> events = new ArrayList<>(reports.size());
        for (ReportSubmitted report : reports) {
            if (!events.isEmpty()) {
                // Each report finds the database as it would alone: what the reports before it wrote, under their locks.
                tickets.flush();
                tickets.getEntityManager().clear();
            }
            events.add(decideOnce(report, index, rules, now));
        }
        return events;
    }

    private AssignmentEvent decideOnce(ReportSubmitted report, AreaIndex index, RuleSet rules, OffsetDateTime now) {
        DecisionEntity existing = decisions.findById(report.reportId());
        if (existing != null) {
            return json.read(existing.eventJson, AssignmentEvent.class);
        }
        journal.receive(report, now);
        Location location = index.locate(report.location().lat(), report.location().lon());
        Decision decision = decide(report, location, index.cityCode(), rules, now, true);
        return decision.merge().isPresent()
                ? merge(report, location, decision.merge().get(), rules.version(), now)
                : open(report, location, decision.assignment().orElseThrow(), rules.version(), now);
    }

    /** The decision routing would take now, without any effect (for {@code POST /routing/simulate}). */
    @Transactional
    public Decision simulate(String reporterId, String category, double lat, double lon, OffsetDateTime now) {
        AreaIndex index = areas.index();
        Location location = index.locate(lat, lon);
        ReportSubmitted probe = new ReportSubmitted(UUID.randomUUID(), UUID.randomUUID(), reporterId, null, category, "",
                new GeoPoint(lat, lon, null), null, null, now, List.of(), java.util.Map.of(), "");
        return decide(probe, location, index.cityCode(), ruleBook.current(), now, false);
    }

    public Location locate(double lat, double lon) {
        return areas.index().locate(lat, lon);
    }

    private Decision decide(ReportSubmitted report, Location location, String cityCode, RuleSet rules, OffsetDateTime now,
                            boolean forReal) {
        RoutingDecider.CategoryPolicy policy = policies.of(report.category());
        double lat = report.location().lat();
        double lon = report.location().lon();
        List<OpenTicket> candidates = policy.dedupRadiusM() <= 0 ? List.of()
                : (forReal ? tickets.lockOpenNear(report.category(), lat, lon, policy.dedupRadiusM())
                        : tickets.openNear(report.category(), lat, lon, policy.dedupRadiusM()))
                        .stream()
                        .map(t -> new OpenTicket(t.id, t.lat, t.lon, t.openedAt, t.priority, java.util.Set.copyOf(t.reporters)))
                        .toList();
        if (cityCode == null || rules.fallback(cityCode).isEmpty()) {
            throw new RoutingNotConfiguredException("No areas or no city * fallback rule yet (rule-set version "
                    + rules.version() + "); import areas, departments and rules through the admin API");
        }
        return RoutingDecider.decide(new RoutingDecider.Report(report.reporterId(), report.category(),
                report.location().lat(), report.location().lon()), location, rules, policy, candidates, cityCode, now);
    }

    private AssignmentEvent open(ReportSubmitted report, Location location, Assignment a, long ruleSetVersion,
                                 OffsetDateTime now) {
        RoutingTicket t = new RoutingTicket();
        t.id = ticketIdFor(report.reportId());
        t.category = report.category();
        t.lat = report.location().lat();
        t.lon = report.location().lon();
        t.gridCode = location.gridCode();
        t.areaPath = new ArrayList<>(location.areaPath());
        t.unlocated = location.unlocated();
        t.openedAt = now;
        t.priority = a.priority();
        t.departmentId = a.match().rule().departmentId();
        t.firstReportId = report.reportId();
        t.reporters = new ArrayList<>(List.of(report.reporterId()));
        t.departmentsTried = new ArrayList<>();
        t.hop = 0;
        t.open = true;
        t.statusAt = now;
        t.updatedAt = now;
        tickets.persist(t);
        TicketAssigned event = new TicketAssigned(eventId("assigned", t.id + "#0"), t.id, report.reportId(),
                report.reporterId(), t.category, a.priority(), t.departmentId, t.gridCode, t.areaPath, t.unlocated,
                report.location(), a.match().rule().id(), ruleSetVersion, 0, a.reason(),
                report.submittedAt(), now, now.plus(a.responseTime()), now.plus(a.resolveTime()),
                names.department(t.departmentId), names.areas(t.areaPath));
        recordHop(t, 0, a.reason(), now, event);
        record(report, event, "NEW_TICKET", t, location, a.match().rule().id(), ruleSetVersion, a.priority(), a.reason(), now);
        return event;
    }

    private AssignmentEvent merge(ReportSubmitted report, Location location, Merge m, long ruleSetVersion, OffsetDateTime now) {
        RoutingTicket t = tickets.findById(m.ticket().ticketId()); // locked by lockOpenNear in this transaction
        if (!t.reporters.contains(report.reporterId())) {
            t.reporters.add(report.reporterId());
        }
        t.priority = m.priority();
        t.updatedAt = now;
        ReportMerged event = new ReportMerged(eventId("merged", report.reportId().toString()), t.id, report.reportId(),
                report.reporterId(), report.submittedAt(), now, m.distinctReporters(), m.priority(),
                t.departmentId, names.department(t.departmentId), t.areaPath, names.areas(t.areaPath), report.location());
        record(report, event, "MERGED", t, location, null, ruleSetVersion, m.priority(), m.reason(), now);
        return event;
    }

    void recordHop(RoutingTicket t, int hop, String reason, OffsetDateTime now, TicketAssigned event) {
        TicketHop h = new TicketHop();
        h.id = TicketHop.key(t.id, hop);
        h.ticketId = t.id;
        h.hop = hop;
        h.departmentId = t.departmentId;
        h.reason = reason;
        h.at = now;
        h.eventId = event.eventId();
        h.eventJson = json.write(event);
        hops.persist(h);
    }

    private void record(ReportSubmitted report, AssignmentEvent event, String outcome, RoutingTicket t, Location location,
                        String ruleId, long ruleSetVersion, org.gridwatch.contracts.Priority priority, String reason,
                        OffsetDateTime now) {
        DecisionEntity d = new DecisionEntity();
        d.reportId = report.reportId();
        d.outcome = outcome;
        d.ticketId = t.id;
        d.departmentId = t.departmentId;
        d.gridCode = location.gridCode();
        d.areaPath = new ArrayList<>(location.areaPath());
        d.unlocated = location.unlocated();
        d.ruleId = ruleId;
        d.ruleSetVersion = ruleSetVersion;
        d.priority = priority;
        d.reason = reason;
        d.decidedAt = now;
        d.eventId = event.eventId();
        d.eventJson = json.write(event);
        decisions.persist(d);
    }

    /** A ticket's id is derived from its first report, so a redelivered report can never open a second one. */
    static String ticketIdFor(UUID firstReportId) {
        return "T-" + firstReportId;
    }

    /** Event ids derived from what they announce: the same decision always carries the same id. */
    static UUID eventId(String kind, String subject) {
        return UUID.nameUUIDFromBytes((kind + ":" + subject).getBytes(StandardCharsets.UTF_8));
    }
}
