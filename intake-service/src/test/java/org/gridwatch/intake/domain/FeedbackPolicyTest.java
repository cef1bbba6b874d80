package org.gridwatch.intake.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.UUID;

import org.gridwatch.intake.domain.FeedbackPolicy.Decision;
import org.gridwatch.intake.domain.FeedbackPolicy.Verdict;
import org.junit.jupiter.api.Test;

class FeedbackPolicyTest {

    @Test
    void theFirstVerdictIsRecordedOnlyWhileTheTicketIsResolved() {
        assertEquals(Decision.RECORD, FeedbackPolicy.decide("RESOLVED", null, new Verdict(true, null)));
        for (String status : new String[] {"SUBMITTED", "ROUTED", "MERGED", "ACCEPTED", "IN_PROGRESS", "CLOSED", "REOPENED", "REJECTED"}) {
            assertEquals(Decision.NOT_RESOLVED, FeedbackPolicy.decide(status, null, new Verdict(false, "still open")), status);
        }
    }

    @Test
    void theSameVerdictAgainIsARepeatEvenAfterTheTicketMovedOn() {
        Verdict given = new Verdict(false, "Cover still missing");
        assertEquals(Decision.REPEAT, FeedbackPolicy.decide("RESOLVED", given, new Verdict(false, "Cover still missing")));
        assertEquals(Decision.REPEAT, FeedbackPolicy.decide("REOPENED", given, new Verdict(false, " Cover still missing ")));
    }

    @Test
    void anotherVerdictOnTheSameResolutionIsAChangeOfMind() {
        Verdict given = new Verdict(true, null);
        assertEquals(Decision.CHANGED, FeedbackPolicy.decide("CLOSED", given, new Verdict(false, null)));
        assertEquals(Decision.CHANGED, FeedbackPolicy.decide("RESOLVED", given, new Verdict(true, "on second thought")));
    }

    @Test
    void aBlankCommentIsNoComment() {
        assertNull(new Verdict(true, "   ").comment());
        assertEquals(new Verdict(true, null), new Verdict(true, ""));
    }

    @Test
    void theEventIdIsDerivedFromReportAndResolution() {
        UUID report = UUID.randomUUID();
        UUID resolution = UUID.randomUUID();
        assertEquals(FeedbackPolicy.eventId(report, resolution), FeedbackPolicy.eventId(report, resolution));
        assertNotEquals(FeedbackPolicy.eventId(report, resolution), FeedbackPolicy.eventId(report, UUID.randomUUID()));
    }
}
