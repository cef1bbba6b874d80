package org.gridwatch.intake.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.gridwatch.contracts.events.TicketStatus;

/**
 * Who earns what when a ticket is fixed: each reporter of the ticket once, the first reporter (whose report
 * routing opened the ticket for) more than those whose reports corroborated it; nothing for a rejected ticket.
 */
public final class PointsRule {

    /** What a reporter did for the ticket. */
    public enum Role {
        FIRST_REPORTER,
        CORROBORATING
    }

    /** Points per role. */
    public record Scheme(int firstReporter, int corroborating) {

        public Scheme {
            if (firstReporter < 0 || corroborating < 0) {
                throw new IllegalArgumentException("points must not be negative");
            }
        }

        public int pointsFor(Role role) {
            return role == Role.FIRST_REPORTER ? firstReporter : corroborating;
        }
    }

    /**
     * One report of the ticket. {@code openedTicket} is what routing said of it: true when the ticket was
     * opened for it, false when it was merged, null when routing's event has not arrived yet.
     */
    public record Claim(UUID reportId, String reporterId, Boolean openedTicket) {
    }

    /** A reporter's credit for the ticket, earned by {@code reportId}. */
    public record Credit(String reporterId, UUID reportId, Role role, int points) {
    }

    private PointsRule() {
    }

    /** A ticket earns points when it is resolved or closed (closing after a resolution earns nothing more). */
    public static boolean earns(TicketStatus to) {
        return to == TicketStatus.RESOLVED || to == TicketStatus.CLOSED;
    }

    /**
     * One credit per reporter of {@code claims}. A report counts as the first report when routing said it opened
     * the ticket, or, before routing's word has arrived, when it is the report the ticket event lists first
     * (resolution lists a ticket's reports oldest first). A reporter with several reports gets the better role.
     *
     * @param claims the ticket's reports known here, in the order the ticket event lists them
     * @param firstListed the report the ticket event lists first
     */
    public static List<Credit> credits(List<Claim> claims, UUID firstListed, Scheme scheme) {
        Map<String, Claim> best = new LinkedHashMap<>();
        for (Claim claim : claims) {
            Claim current = best.get(claim.reporterId());
            if (current == null || (!isFirst(current, firstListed) && isFirst(claim, firstListed))) {
                best.put(claim.reporterId(), claim);
            }
        }
        List<Credit> credits = new ArrayList<>();
        for (Claim claim : best.values()) {
            Role role = isFirst(claim, firstListed) ? Role.FIRST_REPORTER : Role.CORROBORATING;
            credits.add(new Credit(claim.reporterId(), claim.reportId(), role, scheme.pointsFor(role)));
        }
        return credits;
    }

    private static boolean isFirst(Claim claim, UUID firstListed) {
        return claim.openedTicket() != null ? claim.openedTicket() : claim.reportId().equals(firstListed);
    }
}
