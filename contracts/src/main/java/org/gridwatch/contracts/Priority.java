package org.gridwatch.contracts;

import java.time.Duration;

/**
 * Priority classes of a ticket with their default response and resolution times (calendar time).
 * P0 is the most urgent.
 */
public enum Priority {

    P0(Duration.ofMinutes(30), Duration.ofHours(2)),
    P1(Duration.ofHours(2), Duration.ofHours(24)),
    P2(Duration.ofHours(24), Duration.ofDays(7)),
    P3(Duration.ofHours(48), Duration.ofDays(15));

    private final Duration defaultResponseTime;
    private final Duration defaultResolutionTime;

    Priority(Duration defaultResponseTime, Duration defaultResolutionTime) {
        this.defaultResponseTime = defaultResponseTime;
        this.defaultResolutionTime = defaultResolutionTime;
    }

    /** Time from assignment within which the department must accept the ticket. */
    public Duration defaultResponseTime() {
        return defaultResponseTime;
    }

    /** Time from assignment within which the ticket must be resolved, unless a routing rule overrides it. */
    public Duration defaultResolutionTime() {
        return defaultResolutionTime;
    }

    /** One class more urgent; P0 stays P0. */
    public Priority raise() {
        return this == P0 ? P0 : values()[ordinal() - 1];
    }
}
