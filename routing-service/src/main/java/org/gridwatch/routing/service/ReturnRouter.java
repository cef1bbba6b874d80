package org.gridwatch.routing.service;

import java.time.OffsetDateTime;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.gridwatch.common.messaging.EventReader;
import org.gridwatch.contracts.events.GeoPoint;
import org.gridwatch.contracts.events.TicketAssigned;
import org.gridwatch.contracts.events.TicketReturned;
import org.gridwatch.routing.domain.RoutingDecider;
import org.gridwatch.routing.domain.RoutingDecider.Assignment;
import org.gridwatch.routing.domain.RuleMatch;
import org.gridwatch.routing.domain.RuleSet;
import org.gridwatch.routing.persistence.ReceivedReport;
import org.gridwatch.routing.persistence.ReceivedReportRepository;
import org.gridwatch.routing.persistence.RoutingTicket;
import org.gridwatch.routing.persistence.TicketHopRepository;
import org.jboss.logging.Logger;

/**
 * Re-dispatches a returned ticket (退单, DESIGN.md section 3.5): to the next matching rule that names a
 * department which has not had it, else to the city fallback; the third return goes to the fallback.
 * Each hop is stored with its event, so a redelivered return publishes the same assignment again.
 */
@ApplicationScoped
public class ReturnRouter {

    public static final int RETURNS_BEFORE_FALLBACK = 3;
    private static final Logger LOG = Logger.getLogger(ReturnRouter.class);

    private final TicketHopRepository hops;
    private final ReceivedReportRepository reports;
    private final RuleBook ruleBook;
    private final CategoryPolicies policies;
    private final ReportRouter router;
    private final DisplayNames names;
    private final EventReader json;
    private final SplitTickets split;

    public ReturnRouter(TicketHopRepository hops, ReceivedReportRepository reports, RuleBook ruleBook,
                        CategoryPolicies policies, ReportRouter router, DisplayNames names, EventReader json,
                        SplitTickets split) {
        this.split = split;
        this.hops = hops;
        this.reports = reports;
        this.ruleBook = ruleBook;
        this.policies = policies;
        this.router = router;
        this.names = names;
        this.json = json;
    }

    /**
     * The assignment to publish for this return, or nothing for a ticket routing does not know. The ticket's row is
     * locked before anything is read, so the same return handled by two instances at once (a rebalance) is
     * re-dispatched once and found done by the other, and a merge or status change of the ticket cannot interleave.
     */
    @Transactional
    public Optional<TicketAssigned> redispatch(TicketReturned returned, OffsetDateTime now) {
        int hop = returned.returnCount();
        RoutingTicket t = split.lockOrAdopt(returned.ticketId(), returned.reportId(), returned.departmentId(), null, now)
                .orElse(null);
        var stored = hops.find(returned.ticketId(), hop);
        if (stored.isPresent()) {
            return Optional.of(json.read(stored.get().eventJson, TicketAssigned.class));
        }
        if (t == null) {
            LOG.warnf("Return of unknown ticket %s ignored", returned.ticketId());
            return Optional.empty();
        }
        if (hop <= t.hop) {
            LOG.infof("Return %d of %s is older than its hop %d; ignored", hop, t.id, t.hop);
            return Optional.empty();
        }
        Set<String> tried = new LinkedHashSet<>(t.departmentsTried);
        tried.addAll(returned.previousDepartmentIds());
        tried.add(returned.departmentId());
        RuleSet rules = ruleBook.current();
        String city = t.areaPath.isEmpty() ? null : t.areaPath.get(0);
        Optional<RuleMatch> next = hop >= RETURNS_BEFORE_FALLBACK ? Optional.empty()
                : rules.next(t.category, t.areaPath, tried);
        RuleMatch match = next.or(() -> rules.fallback(city))
                .orElseThrow(() -> new IllegalStateException("No city fallback rule to re-dispatch " + t.id));
        String reason = "returned " + hop + " time(s) by " + returned.departmentId() + " (" + returned.reason() + "); "
                + (next.isPresent() ? "next rule: " : "fallback: ") + match.explain(t.category);
        Assignment a = RoutingDecider.assignment(match, policies.of(t.category), reason);

        t.departmentsTried = new java.util.ArrayList<>(tried);
        t.departmentId = match.rule().departmentId();
        t.hop = hop;
        t.updatedAt = now;
        ReceivedReport first = reports.findById(t.firstReportId);
        TicketAssigned event = new TicketAssigned(ReportRouter.eventId("assigned", t.id + "#" + hop), t.id, t.firstReportId,
                first == null ? "unknown" : first.reporterId, t.category, t.priority, t.departmentId, t.gridCode, t.areaPath,
                t.unlocated, new GeoPoint(t.lat, t.lon, null), match.rule().id(), rules.version(), hop, reason,
                first == null ? t.openedAt : first.submittedAt, now, now.plus(a.responseTime()), now.plus(a.resolveTime()),
                names.department(t.departmentId), names.areas(t.areaPath));
        router.recordHop(t, hop, reason, now, event);
        return Optional.of(event);
    }
}
