package org.gridwatch.routing.domain;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.gridwatch.contracts.Priority;

/**
 * The routing decision for one report (DESIGN.md section 3), as plain rules: join a nearby open ticket of
 * the same category within its dedup radius and window, else open a ticket for the department that the
 * most specific rule names, with the category's priority (or the rule's) and deadlines from now.
 */
public final class RoutingDecider {

    /** Every third distinct reporter on a ticket raises its priority one class. */
    public static final int REPORTERS_PER_RAISE = 3;

    /** The report being routed. */
    public record Report(String reporterId, String category, double lat, double lon) {
    }

    /** What the catalogue says of the report's category. */
    public record CategoryPolicy(Priority priority, int dedupRadiusM, int dedupWindowHours) {
    }

    /** An open ticket that a report might join. */
    public record OpenTicket(String ticketId, double lat, double lon, OffsetDateTime openedAt, Priority priority,
                             Set<String> reporters) {
    }

    /** The outcome: exactly one of {@code merge} and {@code assignment} is present. */
    public record Decision(Optional<Merge> merge, Optional<Assignment> assignment) {
    }

    /** Join {@code ticket}; {@code priority} is the ticket's priority after this reporter. */
    public record Merge(OpenTicket ticket, double distanceM, int distinctReporters, Priority priority, String reason) {
    }

    /** Open a new ticket for {@code match}'s department. */
    public record Assignment(RuleMatch match, Priority priority, Duration responseTime, Duration resolveTime,
                             String reason) {
    }

    private RoutingDecider() {
    }

    /**
     * @param candidates open tickets of the report's category (already narrowed to a box around it)
     * @throws IllegalStateException when the rules have no city fallback to fall back on
     */
    public static Decision decide(Report report, Location location, RuleSet rules, CategoryPolicy policy,
                                  List<OpenTicket> candidates, String cityCode, OffsetDateTime now) {
        Optional<Merge> merge = mergeTarget(report, policy, candidates, now);
        if (merge.isPresent()) {
            return new Decision(merge, Optional.empty());
        }
        RuleMatch match = (location.unlocated() ? rules.fallback(cityCode) : rules.match(report.category(), location.areaPath()))
                .or(() -> rules.fallback(cityCode))
                .orElseThrow(() -> new IllegalStateException("No routing rule and no city fallback for " + report.category()));
        String why = (location.unlocated() ? "UNLOCATED: outside every grid, city fallback; " : "grid " + location.gridCode() + ": ")
                + match.explain(report.category());
        return new Decision(Optional.empty(), Optional.of(assignment(match, policy, why)));
    }

    /** A new assignment for {@code match}: the rule's priority and resolve time override the category's. */
    public static Assignment assignment(RuleMatch match, CategoryPolicy policy, String reason) {
        Priority priority = match.rule().priority() != null ? match.rule().priority() : policy.priority();
        Duration resolve = match.rule().resolveHours() != null
                ? Duration.ofHours(match.rule().resolveHours()) : priority.defaultResolutionTime();
        Duration respond = priority.defaultResponseTime().compareTo(resolve) < 0 ? priority.defaultResponseTime() : resolve;
        return new Assignment(match, priority, respond, resolve, reason);
    }

    private record Candidate(OpenTicket ticket, double distanceM) {
    }

    private static Optional<Merge> mergeTarget(Report report, CategoryPolicy policy, List<OpenTicket> candidates,
                                               OffsetDateTime now) {
        if (policy.dedupRadiusM() <= 0 || policy.dedupWindowHours() <= 0) {
            return Optional.empty();
        }
        OffsetDateTime windowStart = now.minusHours(policy.dedupWindowHours());
        return candidates.stream()
                .filter(t -> !t.openedAt().isBefore(windowStart))
                .map(t -> new Candidate(t, Distance.metres(report.lat(), report.lon(), t.lat(), t.lon())))
                .filter(c -> c.distanceM() <= policy.dedupRadiusM())
                // nearest first; at equal distance the older ticket, then the smaller id: deterministic
                .min(Comparator.comparingDouble(Candidate::distanceM)
                        .thenComparing(c -> c.ticket().openedAt())
                        .thenComparing(c -> c.ticket().ticketId()))
                .map(c -> merge(report, c));
    }

    private static Merge merge(Report report, Candidate c) {
        OpenTicket t = c.ticket();
        boolean newReporter = !t.reporters().contains(report.reporterId());
        int reporters = t.reporters().size() + (newReporter ? 1 : 0);
        Priority priority = newReporter && reporters % REPORTERS_PER_RAISE == 0 ? t.priority().raise() : t.priority();
        String reason = String.format("MERGED into %s, %.0f m away, opened %s; %d distinct reporter(s)%s",
                t.ticketId(), c.distanceM(), t.openedAt(), reporters,
                priority != t.priority() ? ", priority raised to " + priority : "");
        return new Merge(t, c.distanceM(), reporters, priority, reason);
    }
}
