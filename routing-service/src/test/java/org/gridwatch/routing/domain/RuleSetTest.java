package org.gridwatch.routing.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.gridwatch.contracts.Priority;
import org.junit.jupiter.api.Test;

/** The precedence of DESIGN.md section 3: most specific level first, exact category before {@code *}. */
class RuleSetTest {

    private static final List<String> PATH = List.of("YL", "YL-GL", "YL-GL-01", "YL-GL-01-03", "YL-GL-01-03-G07");

    private static final RuleSet RULES = new RuleSet(7, List.of(
            rule("R-1", "*", "YL", "D-OPS"),
            rule("R-2", "FIRE_HAZARD", "YL", "D-FIRE"),
            rule("R-3", "MANHOLE_COVER", "YL-GL", "D-URBAN-GL"),
            rule("R-4", "*", "YL-GL-01", "D-STREET-GL-01"),
            rule("R-5", "MANHOLE_COVER", "YL", "D-URBAN-YL"),
            rule("R-6", "ACCESS_OBSTACLE", "YL-GL-01-03-G07", "D-GRID-07")));

    @Test
    void exactRuleAtTheGridBeatsEverythingAbove() {
        assertMatch("ACCESS_OBSTACLE", "R-6", 4, true);
    }

    @Test
    void starRuleAtAMoreSpecificLevelBeatsAnExactRuleHigherUp() {
        // FIRE_HAZARD has an exact city rule, but the street's "*" rule is met first walking up.
        assertMatch("FIRE_HAZARD", "R-4", 2, false);
    }

    @Test
    void exactRuleBeatsStarRuleAtTheSameLevel() {
        RuleSet sameLevel = new RuleSet(1, List.of(rule("R-a", "*", "YL", "D-OPS"), rule("R-b", "GAS_LEAK", "YL", "D-GAS")));
        assertEquals("R-b", sameLevel.match("GAS_LEAK", List.of("YL")).orElseThrow().rule().id());
        assertEquals("R-a", sameLevel.match("OTHER", List.of("YL")).orElseThrow().rule().id());
    }

    @Test
    void pathOutsideEveryRuledAreaFallsToTheCityStarRule() {
        assertEquals("R-1", RULES.match("OTHER", List.of("YL", "YL-QS", "YL-QS-02")).orElseThrow().rule().id());
        assertEquals("R-1", RULES.fallback("YL").orElseThrow().rule().id());
        assertEquals("R-5", RULES.match("MANHOLE_COVER", List.of("YL")).orElseThrow().rule().id(), "unlocated: city path only");
    }

    @Test
    void nextSkipsDepartmentsThatReturnedTheTicket() {
        // MANHOLE_COVER: the street "*" rule first; returned by the street → the district; → the city rule; → the fallback.
        assertEquals("R-4", RULES.match("MANHOLE_COVER", PATH).orElseThrow().rule().id());
        assertEquals("R-3", RULES.next("MANHOLE_COVER", PATH, Set.of("D-STREET-GL-01")).orElseThrow().rule().id());
        assertEquals("R-5", RULES.next("MANHOLE_COVER", PATH, Set.of("D-STREET-GL-01", "D-URBAN-GL")).orElseThrow().rule().id());
        assertEquals("R-1", RULES.next("MANHOLE_COVER", PATH, Set.of("D-STREET-GL-01", "D-URBAN-GL", "D-URBAN-YL")).orElseThrow().rule().id());
        assertFalse(RULES.next("MANHOLE_COVER", PATH, Set.of("D-STREET-GL-01", "D-URBAN-GL", "D-URBAN-YL", "D-OPS")).isPresent());
    }

    @Test
    void explanationNamesRuleAreaAndDepartment() {
        RuleMatch match = RULES.match("ACCESS_OBSTACLE", PATH).orElseThrow();
        assertTrue(match.explain("ACCESS_OBSTACLE").contains("R-6"));
        assertTrue(match.explain("ACCESS_OBSTACLE").contains("D-GRID-07"));
        assertEquals(7, RULES.version());
    }

    private static void assertMatch(String category, String ruleId, int pathIndex, boolean exact) {
        RuleMatch match = RULES.match(category, PATH).orElseThrow();
        assertEquals(ruleId, match.rule().id());
        assertEquals(pathIndex, match.pathIndex());
        assertEquals(exact, match.exactCategory());
    }

    private static RoutingRule rule(String id, String category, String area, String dept) {
        return new RoutingRule(id, category, area, dept, category.equals("FIRE_HAZARD") ? Priority.P0 : null, null);
    }
}
