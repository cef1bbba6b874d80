package org.gridwatch.intake.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import org.gridwatch.contracts.events.TicketStatus;
import org.gridwatch.intake.domain.PointsRule.Claim;
import org.gridwatch.intake.domain.PointsRule.Credit;
import org.gridwatch.intake.domain.PointsRule.Role;
import org.gridwatch.intake.domain.PointsRule.Scheme;
import org.junit.jupiter.api.Test;

class PointsRuleTest {

    private static final Scheme SCHEME = new Scheme(10, 3);

    @Test
    void onlyAResolvedOrClosedTicketEarnsPoints() {
        assertTrue(PointsRule.earns(TicketStatus.RESOLVED));
        assertTrue(PointsRule.earns(TicketStatus.CLOSED));
        for (TicketStatus other : List.of(TicketStatus.ASSIGNED, TicketStatus.ACCEPTED, TicketStatus.IN_PROGRESS,
                TicketStatus.REJECTED, TicketStatus.RETURNED, TicketStatus.REOPENED)) {
            assertFalse(PointsRule.earns(other), other.name());
        }
    }

    @Test
    void theReporterWhoseReportOpenedTheTicketEarnsMoreThanCorroboratingOnes() {
        UUID opened = UUID.randomUUID();
        UUID merged = UUID.randomUUID();
        List<Credit> credits = PointsRule.credits(List.of(new Claim(merged, "eleme:2", false), new Claim(opened, "meituan:1", true)),
                merged, SCHEME);

        assertEquals(List.of(new Credit("eleme:2", merged, Role.CORROBORATING, 3), new Credit("meituan:1", opened, Role.FIRST_REPORTER, 10)),
                credits, "routing's word beats the order of the ticket event");
    }

    @Test
    void beforeRoutingsWordArrivesTheReportListedFirstIsTheFirstReport() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        List<Credit> credits = PointsRule.credits(List.of(new Claim(first, "a", null), new Claim(second, "b", null)), first, SCHEME);

        assertEquals(Role.FIRST_REPORTER, credits.get(0).role());
        assertEquals(Role.CORROBORATING, credits.get(1).role());
    }

    @Test
    void aReporterWithSeveralReportsOnTheTicketIsCreditedOnceWithTheBetterRole() {
        UUID merged = UUID.randomUUID();
        UUID opened = UUID.randomUUID();
        UUID mergedAgain = UUID.randomUUID();
        List<Credit> credits = PointsRule.credits(List.of(new Claim(merged, "a", false), new Claim(opened, "a", true),
                new Claim(mergedAgain, "a", false)), opened, SCHEME);

        assertEquals(List.of(new Credit("a", opened, Role.FIRST_REPORTER, 10)), credits);
    }

    @Test
    void aTicketWhoseFirstReportWasNotFiledHereHasOnlyCorroboratingCredits() {
        UUID merged = UUID.randomUUID();
        List<Credit> credits = PointsRule.credits(List.of(new Claim(merged, "b", false)), UUID.randomUUID(), SCHEME);

        assertEquals(List.of(new Credit("b", merged, Role.CORROBORATING, 3)), credits);
        assertEquals(List.of(), PointsRule.credits(List.of(), UUID.randomUUID(), SCHEME));
    }

    @Test
    void pointsAreConfigurableButNeverNegative() {
        UUID r = UUID.randomUUID();
        assertEquals(25, PointsRule.credits(List.of(new Claim(r, "a", true)), r, new Scheme(25, 0)).get(0).points());
        assertThrows(IllegalArgumentException.class, () -> new Scheme(-1, 3));
    }
}
