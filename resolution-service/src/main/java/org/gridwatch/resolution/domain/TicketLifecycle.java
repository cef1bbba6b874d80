package org.gridwatch.resolution.domain;

import static org.gridwatch.contracts.events.TicketStatus.ACCEPTED;
import static org.gridwatch.contracts.events.TicketStatus.ASSIGNED;
import static org.gridwatch.contracts.events.TicketStatus.CLOSED;
import static org.gridwatch.contracts.events.TicketStatus.IN_PROGRESS;
import static org.gridwatch.contracts.events.TicketStatus.REJECTED;
import static org.gridwatch.contracts.events.TicketStatus.REOPENED;
import static org.gridwatch.contracts.events.TicketStatus.RESOLVED;
import static org.gridwatch.contracts.events.TicketStatus.RETURNED;

import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.Map;

import org.gridwatch.contracts.events.TicketStatus;

/**
 * The ticket state machine of DESIGN.md section 4. RETURNED → ASSIGNED is not here: only routing's next
 * assignment (a higher hop) moves a returned ticket on, and AssignmentService applies that.
 */
public final class TicketLifecycle {

    private static final Map<TicketStatus, Map<Transition, TicketStatus>> NEXT = new EnumMap<>(TicketStatus.class);

    static {
        allow(ASSIGNED, Transition.ACCEPT, ACCEPTED);
        allow(ASSIGNED, Transition.RETURN, RETURNED);
        allow(ASSIGNED, Transition.REJECT, REJECTED);
        allow(ACCEPTED, Transition.START, IN_PROGRESS);
        // A crew may find only on site, after accepting, that the hazard is another department's.
        allow(ACCEPTED, Transition.RETURN, RETURNED);
        allow(ACCEPTED, Transition.REJECT, REJECTED);
        allow(IN_PROGRESS, Transition.RESOLVE, RESOLVED);
        allow(IN_PROGRESS, Transition.REJECT, REJECTED);
        allow(RESOLVED, Transition.CONFIRM, CLOSED);
        allow(RESOLVED, Transition.DISPUTE, REOPENED);
        allow(REOPENED, Transition.ACCEPT, ACCEPTED);
    }

    private TicketLifecycle() {
    }

    private static void allow(TicketStatus from, Transition transition, TicketStatus to) {
        NEXT.computeIfAbsent(from, s -> new EnumMap<>(Transition.class)).put(transition, to);
    }

    /** The status after {@code transition}, or {@link IllegalTransitionException} if it is not allowed from {@code from}. */
    public static TicketStatus next(TicketStatus from, Transition transition) {
        TicketStatus to = NEXT.getOrDefault(from, Map.of()).get(transition);
        if (to == null) {
            throw new IllegalTransitionException(from, transition);
        }
        return to;
    }

    /**
     * Past its response deadline while nobody has accepted it yet, or past its resolution deadline while
     * not resolved (DESIGN.md section 4); the same rule as the supervisors' statistics.
     */
    public static boolean isOverdue(TicketStatus status, OffsetDateTime responseDueAt, OffsetDateTime resolveDueAt,
            OffsetDateTime now) {
        return awaitsResolution(status) && (now.isAfter(resolveDueAt)
                || (status == TicketStatus.ASSIGNED && now.isAfter(responseDueAt)));
    }

    /**
     * Whether the ticket is finished: resolved, closed or rejected (DESIGN.md section 3). A report never joins a
     * finished ticket; one merged into it too late opens a ticket of its own.
     */
    public static boolean finished(TicketStatus status) {
        return status == RESOLVED || status == CLOSED || status == REJECTED;
    }

    /** Whether the ticket still waits for its department's work (so its resolution deadline counts). */
    public static boolean awaitsResolution(TicketStatus status) {
        return status == ASSIGNED || status == ACCEPTED || status == IN_PROGRESS || status == REOPENED;
    }
}
