package org.gridwatch.intake.open311;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.gridwatch.contracts.events.TicketStatus;

/** Open311's two states of a request: closed once its ticket is RESOLVED, CLOSED or REJECTED, else open. */
public enum Open311Status {
    OPEN,
    CLOSED;

    /** The report statuses that Open311 calls closed: the ticket states that are no longer open. */
    public static final Set<String> CLOSED_REPORT_STATUSES = Arrays.stream(TicketStatus.values())
            .filter(s -> !s.isOpen()).map(Enum::name).collect(Collectors.toUnmodifiableSet());

    public static Open311Status of(String reportStatus) {
        return CLOSED_REPORT_STATUSES.contains(reportStatus) ? CLOSED : OPEN;
    }

    /** The {@code status} argument: {@code open}, {@code closed} or both, comma-separated; all when absent. */
    public static Set<Open311Status> parse(String argument) {
        if (argument == null || argument.isBlank()) {
            return EnumSet.allOf(Open311Status.class);
        }
        Set<Open311Status> statuses = EnumSet.noneOf(Open311Status.class);
        for (String s : argument.split(",")) {
            switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "open" -> statuses.add(OPEN);
                case "closed" -> statuses.add(CLOSED);
                default -> throw new Open311Exception(400, "status: must be open or closed (comma-separated for both)");
            }
        }
        return statuses;
    }

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
