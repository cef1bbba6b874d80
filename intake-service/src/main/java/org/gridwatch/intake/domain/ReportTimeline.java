package org.gridwatch.intake.domain;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the reporter is told happened to a report, and which of it is the report's current status. Events
 * come from two topics with no order between them, so the current status is that of the latest step by
 * event time, never simply the last event processed. The steps of one ticket's status changes are ordered by
 * the ticket's version (G7): a step of a lower version never outranks one of a higher version of the same ticket,
 * whatever the clocks of the instances that published them said.
 */
public final class ReportTimeline {

    /** Filed and acknowledged; not yet routed. Every report starts here. */
    public static final String SUBMITTED = "SUBMITTED";
    /** Routing opened a ticket for the report, or passed its ticket to another department. */
    public static final String ROUTED = "ROUTED";
    /** Routing joined the report to an open ticket of the same hazard. */
    public static final String MERGED = "MERGED";

    /**
     * One step: when it happened, the report's status from then on, and what the reporter is told; for a ticket's
     * status change also the ticket and its version after the change (null for routing's steps).
     */
    public record Step(OffsetDateTime at, String status, String note, long sequence, String ticketId, Long ticketVersion) {

        public Step(OffsetDateTime at, String status, String note, long sequence) {
            this(at, status, note, sequence, null, null);
        }
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

    /**
     * The status of the latest recorded step, or {@link #SUBMITTED} while nothing has happened yet. A ticket's status
     * step that a higher version of the same ticket superseded is left out before the latest is chosen.
     */
    public static String currentStatus(Collection<Step> steps) {
        Map<String, Long> latestVersion = new HashMap<>();
        for (Step s : steps) {
            if (s.ticketId() != null && s.ticketVersion() != null) {
                latestVersion.merge(s.ticketId(), s.ticketVersion(), Math::max);
            }
        }
        return steps.stream()
                .filter(s -> s.ticketVersion() == null || s.ticketVersion() >= latestVersion.get(s.ticketId()))
                .max(ORDER).map(Step::status).orElse(SUBMITTED);
    }

    private static int stage(String status) {
        return switch (status) {
            case SUBMITTED -> 0;
            case ROUTED, MERGED -> 1;
            default -> 2;
        };
    }
}
