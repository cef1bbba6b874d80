package org.gridwatch.intake.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.gridwatch.intake.domain.ReportTimeline.Step;
import org.junit.jupiter.api.Test;

class ReportTimelineTest {

    private static final OffsetDateTime T0 = OffsetDateTime.of(2026, 5, 12, 9, 0, 0, 0, ZoneOffset.UTC);

    @Test
    void reportWithoutStepsIsSubmitted() {
        assertEquals(ReportTimeline.SUBMITTED, ReportTimeline.currentStatus(List.of()));
    }

    @Test
    void latestStepByEventTimeWinsWhateverOrderTheyWereRecordedIn() {
        Step accepted = new Step(T0.plusMinutes(5), "ACCEPTED", null, 1);
        Step routed = new Step(T0.plusSeconds(2), ReportTimeline.ROUTED, "Assigned to D-URBAN", 2);

        assertEquals("ACCEPTED", ReportTimeline.currentStatus(List.of(accepted, routed)));
        assertEquals(List.of(routed, accepted), ReportTimeline.ordered(List.of(accepted, routed)));
    }

    @Test
    void atTheSameInstantTheTicketsStatusFollowsRoutingsStep() {
        Step assigned = new Step(T0, "ASSIGNED", null, 1);
        Step routed = new Step(T0, ReportTimeline.ROUTED, "Assigned to D-URBAN", 2);

        assertEquals("ASSIGNED", ReportTimeline.currentStatus(List.of(assigned, routed)));
        assertEquals(List.of(routed, assigned), ReportTimeline.ordered(List.of(assigned, routed)));
    }

    @Test
    void stepsAtTheSameInstantAndStageKeepTheOrderTheyWereRecordedIn() {
        Step first = new Step(T0, "ACCEPTED", null, 7);
        Step second = new Step(T0, "IN_PROGRESS", null, 8);

        assertEquals("IN_PROGRESS", ReportTimeline.currentStatus(List.of(second, first)));
    }

    @Test
    void aTicketsHigherVersionWinsWhateverItsClockSaid() {
        // Two resolution instances a minute apart: version 3 (RESOLVED) was stamped earlier than version 2.
        Step inProgress = new Step(T0.plusMinutes(1), "IN_PROGRESS", null, 1, "T-1", 2L);
        Step resolved = new Step(T0, "RESOLVED", "fixed", 2, "T-1", 3L);
        Step routed = new Step(T0.minusMinutes(5), ReportTimeline.ROUTED, "Assigned to D-URBAN", 3);

        assertEquals("RESOLVED", ReportTimeline.currentStatus(List.of(inProgress, resolved, routed)));
    }

    @Test
    void versionsCompareOnlyWithinOneTicket() {
        Step oldTicketClosed = new Step(T0, "CLOSED", null, 1, "T-old", 9L);
        Step newTicketAssigned = new Step(T0.plusMinutes(1), "ASSIGNED", null, 2, "T-new", 1L);

        assertEquals("ASSIGNED", ReportTimeline.currentStatus(List.of(oldTicketClosed, newTicketAssigned)));
    }
}
