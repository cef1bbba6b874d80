package org.gridwatch.intake.domain;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * What the reporter is told happened to a report, and which of it is the report's current status. Events
 * come from two topics with no order between them, so the current status is that of the latest step by
 * event time, never simply the last event processed.
 */
public final class ReportTimeline {

    /** Filed and acknowledged; not yet routed. Every report starts here. */
    public static final String SUBMITTED = "SUBMITTED";
    /** Routing opened a ticket for the report, or passed its ticket to another department. */
    public static final String ROUTED = "ROUTED";
    /** Routing joined the report to an open ticket of the same hazard. */
    public static final String MERGED = "MERGED";

    /** One step: when it happened, the report's status from then on, and what the reporter is told. */
    public record Step(OffsetDateTime at, String status, String note, long sequence) {
    }

    /**
     * By event time; at equal times routing's steps come before the ticket's (a ticket is assigned at the
     * instant routing decides), and otherwise in the order they were recorded.
     */
    public static final Comparator<Step> ORDER = Comparator.comparing(Step::at)
            .thenComparingInt(s -> stage(s.status()))
            .thenComparingLong(Step::sequence);

    private ReportTimeline() {
    }

    /** The recorded steps in the order they happened. */
    public static List<Step> ordered(Collection<Step> steps) {
        return steps.stream().sorted(ORDER).toList();
    }

    /** The status of the latest recorded step, or {@link #SUBMITTED} while nothing has happened yet. */
    public static String currentStatus(Collection<Step> steps) {
        return steps.stream().max(ORDER).map(Step::status).orElse(SUBMITTED);
    }

    private static int stage(String status) {
        return switch (status) {
            case SUBMITTED -> 0;
            case ROUTED, MERGED -> 1;
            default -> 2;
        };
    }
}
