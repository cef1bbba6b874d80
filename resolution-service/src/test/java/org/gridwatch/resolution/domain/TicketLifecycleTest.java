package org.gridwatch.resolution.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.gridwatch.contracts.events.TicketStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The state machine of DESIGN.md section 4, without Quarkus. */
class TicketLifecycleTest {

    private static final OffsetDateTime T0 = OffsetDateTime.of(2026, 3, 1, 8, 0, 0, 0, ZoneOffset.UTC);

    @ParameterizedTest(name = "{0} -{1}-> {2}")
    @CsvSource({
            "ASSIGNED, ACCEPT, ACCEPTED",
            "ASSIGNED, RETURN, RETURNED",
            "ASSIGNED, REJECT, REJECTED",
            "ACCEPTED, START, IN_PROGRESS",
            "ACCEPTED, RETURN, RETURNED",
            "ACCEPTED, REJECT, REJECTED",
            "IN_PROGRESS, RESOLVE, RESOLVED",
            "IN_PROGRESS, REJECT, REJECTED",
            "RESOLVED, CONFIRM, CLOSED",
            "RESOLVED, DISPUTE, REOPENED",
            "REOPENED, ACCEPT, ACCEPTED"})
    void allowsEveryLegalTransition(TicketStatus from, Transition transition, TicketStatus to) {
        assertEquals(to, TicketLifecycle.next(from, transition));
    }

    @ParameterizedTest(name = "{0} -{1}-> refused")
    @CsvSource({
            "ASSIGNED, START", "ASSIGNED, RESOLVE", "ASSIGNED, CONFIRM", "ASSIGNED, DISPUTE",
            "ACCEPTED, ACCEPT", "ACCEPTED, RESOLVE",
            "IN_PROGRESS, ACCEPT", "IN_PROGRESS, START", "IN_PROGRESS, RETURN", "IN_PROGRESS, CONFIRM",
            "RESOLVED, RESOLVE", "RESOLVED, REJECT", "RESOLVED, RETURN", "RESOLVED, ACCEPT",
            "CLOSED, ACCEPT", "CLOSED, DISPUTE", "CLOSED, CONFIRM", "CLOSED, REJECT",
            "REJECTED, ACCEPT", "REJECTED, RESOLVE",
            "RETURNED, ACCEPT", "RETURNED, RETURN", "RETURNED, REJECT",
            "REOPENED, START", "REOPENED, RESOLVE", "REOPENED, RETURN"})
    void refusesIllegalTransitions(TicketStatus from, Transition transition) {
        IllegalTransitionException e = assertThrows(IllegalTransitionException.class, () -> TicketLifecycle.next(from, transition));
        assertEquals(from, e.from());
    }

    @Test
    void resolveRejectAndReturnNeedANote() {
        assertTrue(Transition.RESOLVE.needsNote() && Transition.REJECT.needsNote() && Transition.RETURN.needsNote());
        assertTrue(!Transition.ACCEPT.needsNote() && !Transition.START.needsNote());
    }

    @Test
    void escalatesEachMissedDeadlineOnce() {
        OffsetDateTime responseDue = T0.plusHours(2);
        OffsetDateTime resolveDue = T0.plusHours(24);
        assertEquals(List.of(), Deadlines.escalationsDue(TicketStatus.ASSIGNED, responseDue, resolveDue, false, false, T0.plusHours(1)));
        assertEquals(List.of("RESPONSE"), Deadlines.escalationsDue(TicketStatus.ASSIGNED, responseDue, resolveDue, false, false, T0.plusHours(3)));
        assertEquals(List.of(), Deadlines.escalationsDue(TicketStatus.ASSIGNED, responseDue, resolveDue, true, false, T0.plusHours(3)));
        assertEquals(List.of(), Deadlines.escalationsDue(TicketStatus.ACCEPTED, responseDue, resolveDue, false, false, T0.plusHours(3)));
        assertEquals(List.of("RESPONSE", "RESOLUTION"),
                Deadlines.escalationsDue(TicketStatus.ASSIGNED, responseDue, resolveDue, false, false, T0.plusHours(25)));
        assertEquals(List.of("RESOLUTION"),
                Deadlines.escalationsDue(TicketStatus.IN_PROGRESS, responseDue, resolveDue, false, false, T0.plusHours(25)));
        assertEquals(List.of(), Deadlines.escalationsDue(TicketStatus.RESOLVED, responseDue, resolveDue, false, false, T0.plusHours(25)));
        assertEquals(List.of(), Deadlines.escalationsDue(TicketStatus.RETURNED, responseDue, resolveDue, false, false, T0.plusHours(25)));
    }

    @Test
    void autoClosesOnlyResolvedTicketsAfterTheWindow() {
        Duration window = Duration.ofHours(72);
        assertTrue(!Deadlines.autoCloseDue(TicketStatus.RESOLVED, T0, window, T0.plusHours(71)));
        assertTrue(Deadlines.autoCloseDue(TicketStatus.RESOLVED, T0, window, T0.plusHours(72)));
        assertTrue(!Deadlines.autoCloseDue(TicketStatus.REOPENED, T0, window, T0.plusHours(100)));
    }

    @Test
    void onlyResolvedClosedAndRejectedTicketsAreFinished() {
        assertEquals(java.util.EnumSet.of(TicketStatus.RESOLVED, TicketStatus.CLOSED, TicketStatus.REJECTED),
                java.util.Arrays.stream(TicketStatus.values()).filter(TicketLifecycle::finished)
                        .collect(java.util.stream.Collectors.toCollection(() -> java.util.EnumSet.noneOf(TicketStatus.class))),
                "a RETURNED ticket waits for its next department and a REOPENED one for its fix: both still take reports");
    }
}
