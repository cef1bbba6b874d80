package org.gridwatch.routing.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import org.gridwatch.contracts.Priority;
import org.gridwatch.routing.domain.RoutingDecider.CategoryPolicy;
import org.gridwatch.routing.domain.RoutingDecider.Decision;
import org.gridwatch.routing.domain.RoutingDecider.OpenTicket;
import org.gridwatch.routing.domain.RoutingDecider.Report;
import org.junit.jupiter.api.Test;

class RoutingDeciderTest {

    private static final OffsetDateTime NOW = OffsetDateTime.of(2026, 11, 22, 9, 0, 0, 0, ZoneOffset.UTC);
    private static final Location GRID = Location.in("YL-GL-01-01-G01", List.of("YL", "YL-GL", "YL-GL-01", "YL-GL-01-01", "YL-GL-01-01-G01"));
    private static final RuleSet RULES = new RuleSet(3, List.of(
            new RoutingRule("R-1", "*", "YL", "D-OPS", null, null),
            new RoutingRule("R-2", "MANHOLE_COVER", "YL-GL", "D-URBAN-GL", null, null),
            new RoutingRule("R-3", "FLOODING", "YL-GL", "D-WATER", Priority.P0, 6)));
    private static final CategoryPolicy MANHOLE = new CategoryPolicy(Priority.P1, 20, 48);
    private static final double LAT = 34.2045;
    private static final double LON = 117.2838;

    @Test
    void opensATicketForTheMostSpecificRuleWithTheCategorysDeadlines() {
        Decision d = decide(new Report("r1", "MANHOLE_COVER", LAT, LON), GRID, MANHOLE, List.of());
        var a = d.assignment().orElseThrow();
        assertEquals("R-2", a.match().rule().id());
        assertEquals(Priority.P1, a.priority());
        assertEquals(Duration.ofHours(2), a.responseTime());
        assertEquals(Duration.ofHours(24), a.resolveTime());
        assertTrue(a.reason().contains("R-2"), a.reason());
    }

    @Test
    void ruleOverridesPriorityAndResolveTime() {
        var a = decide(new Report("r1", "FLOODING", LAT, LON), GRID, new CategoryPolicy(Priority.P1, 300, 12), List.of())
                .assignment().orElseThrow();
        assertEquals(Priority.P0, a.priority());
        assertEquals(Duration.ofHours(6), a.resolveTime());
        assertEquals(Duration.ofMinutes(30), a.responseTime());
    }

    @Test
    void unlocatedReportGoesToTheCityFallbackFlagged() {
        var a = decide(new Report("r1", "MANHOLE_COVER", 10, 10), Location.unlocated("YL"), MANHOLE, List.of())
                .assignment().orElseThrow();
        assertEquals("R-1", a.match().rule().id());
        assertTrue(a.reason().startsWith("UNLOCATED"), a.reason());
    }

    @Test
    void mergesWithinRadiusAndWindowButNotJustOutsideEither() {
        double metre = Distance.latDegrees(1);
        OpenTicket near = ticket("T-near", LAT + 19 * metre, NOW.minusHours(47), Set.of("a"));
        assertEquals("T-near", decide(new Report("b", "MANHOLE_COVER", LAT, LON), GRID, MANHOLE, List.of(near))
                .merge().orElseThrow().ticket().ticketId());

        OpenTicket tooFar = ticket("T-far", LAT + 21 * metre, NOW.minusHours(1), Set.of("a"));
        OpenTicket tooOld = ticket("T-old", LAT + 1 * metre, NOW.minusHours(49), Set.of("a"));
        Decision d = decide(new Report("b", "MANHOLE_COVER", LAT, LON), GRID, MANHOLE, List.of(tooFar, tooOld));
        assertTrue(d.merge().isEmpty());
        assertTrue(d.assignment().isPresent());
    }

    @Test
    void nearestCandidateWinsAndCategoriesWithoutDedupNeverMerge() {
        double metre = Distance.latDegrees(1);
        OpenTicket ten = ticket("T-10", LAT + 10 * metre, NOW.minusHours(1), Set.of("a"));
        OpenTicket five = ticket("T-05", LAT - 5 * metre, NOW.minusHours(1), Set.of("a"));
        assertEquals("T-05", decide(new Report("b", "MANHOLE_COVER", LAT, LON), GRID, MANHOLE, List.of(ten, five))
                .merge().orElseThrow().ticket().ticketId());
        assertTrue(decide(new Report("b", "CIVIC_SUGGESTION", LAT, LON), GRID, new CategoryPolicy(Priority.P3, 0, 0), List.of(five))
                .merge().isEmpty());
    }

    @Test
    void everyThirdDistinctReporterRaisesThePriorityOnce() {
        OpenTicket two = ticket("T-1", LAT, NOW.minusHours(1), Set.of("a", "b"));
        var third = decide(new Report("c", "MANHOLE_COVER", LAT, LON), GRID, MANHOLE, List.of(two)).merge().orElseThrow();
        assertEquals(3, third.distinctReporters());
        assertEquals(Priority.P0, third.priority());

        var again = decide(new Report("a", "MANHOLE_COVER", LAT, LON), GRID, MANHOLE, List.of(two)).merge().orElseThrow();
        assertEquals(2, again.distinctReporters(), "a reporter counts once");
        assertEquals(Priority.P1, again.priority());

        OpenTicket five = new OpenTicket("T-5", LAT, LON, NOW.minusHours(1), Priority.P0, Set.of("a", "b", "c", "d", "e"));
        assertEquals(Priority.P0, decide(new Report("f", "MANHOLE_COVER", LAT, LON), GRID, MANHOLE, List.of(five))
                .merge().orElseThrow().priority(), "never past P0");
    }

    private static OpenTicket ticket(String id, double lat, OffsetDateTime openedAt, Set<String> reporters) {
        return new OpenTicket(id, lat, LON, openedAt, Priority.P1, reporters);
    }

    private static Decision decide(Report report, Location location, CategoryPolicy policy, List<OpenTicket> candidates) {
        return RoutingDecider.decide(report, location, RULES, policy, candidates, "YL", NOW);
    }
}
