package org.gridwatch.resolution.domain;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import org.gridwatch.contracts.events.TicketStatus;
import org.gridwatch.contracts.events.TicketStatusChanged;

/** The time rules of a ticket: which deadlines it has missed, and when a silent reporter counts as satisfied. */
public final class Deadlines {

    private Deadlines() {
    }

    /**
     * The escalations due now, each at most once: RESPONSE while still ASSIGNED past the response deadline,
     * RESOLUTION while the department still owes the fix past the resolution deadline.
     */
    public static List<String> escalationsDue(TicketStatus status, OffsetDateTime responseDueAt, OffsetDateTime resolveDueAt,
                                              boolean responseEscalated, boolean resolutionEscalated, OffsetDateTime now) {
        List<String> due = new ArrayList<>(2);
        if (!responseEscalated && status == TicketStatus.ASSIGNED && now.isAfter(responseDueAt)) {
            due.add(TicketStatusChanged.ESCALATION_RESPONSE);
        }
        if (!resolutionEscalated && TicketLifecycle.awaitsResolution(status) && now.isAfter(resolveDueAt)) {
            due.add(TicketStatusChanged.ESCALATION_RESOLUTION);
        }
        return due;
    }

    /** Whether a ticket resolved at {@code resolvedAt} has waited {@code window} for feedback in vain. */
    public static boolean autoCloseDue(TicketStatus status, OffsetDateTime resolvedAt, Duration window, OffsetDateTime now) {
        return status == TicketStatus.RESOLVED && resolvedAt != null && !now.isBefore(resolvedAt.plus(window));
    }
}
