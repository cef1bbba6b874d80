package org.gridwatch.intake.domain;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * When a reporter may give their verdict on the fix of their report's ticket, and what a repeated verdict
 * means. A verdict answers one resolution (one RESOLVED ticket event): the first verdict on it is recorded
 * and published; the same verdict again (an app's resend) is the same verdict, answered alike and never
 * published twice; a different verdict on the same resolution is refused, because the first may already have
 * closed or reopened the ticket. A later resolution of the same ticket (after a reopening) takes a new verdict.
 */
public final class FeedbackPolicy {

    /** What to do with a verdict. */
    public enum Decision {
        /** First verdict on the current resolution: record it and publish it. */
        RECORD,
        /** The verdict already given on this resolution, again: answer as the first time. */
        REPEAT,
        /** Another verdict than the one already given on this resolution: refuse. */
        CHANGED,
        /** The ticket is not RESOLVED, and nothing was said about its latest resolution: refuse. */
        NOT_RESOLVED
    }

    /** A verdict: fixed or not, and the comment, blank counting as none. */
    public record Verdict(boolean fixed, String comment) {

        public Verdict {
            comment = comment == null || comment.isBlank() ? null : comment.strip();
        }
    }

    private FeedbackPolicy() {
    }

    /**
     * @param currentStatus the report's status now
     * @param given the verdict already given on the report's latest resolution, or null
     * @param asked the verdict now sent
     */
    public static Decision decide(String currentStatus, Verdict given, Verdict asked) {
        if (given != null) {
            return given.equals(asked) ? Decision.REPEAT : Decision.CHANGED;
        }
        return "RESOLVED".equals(currentStatus) ? Decision.RECORD : Decision.NOT_RESOLVED;
    }

    /** The ReporterFeedback event id of a report's verdict on one resolution: the same for every resend. */
    public static UUID eventId(UUID reportId, UUID resolutionEventId) {
        Objects.requireNonNull(reportId, "reportId");
        Objects.requireNonNull(resolutionEventId, "resolutionEventId");
        return UUID.nameUUIDFromBytes(("feedback:" + reportId + ":" + resolutionEventId).getBytes(StandardCharsets.UTF_8));
    }
}
