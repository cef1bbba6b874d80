package org.gridwatch.intake.config;

import java.time.Duration;

import jakarta.validation.constraints.Min;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

/** Intake's own settings ({@code gridwatch.intake.*} in application.properties). */
@ConfigMapping(prefix = "gridwatch.intake")
public interface IntakeConfig {

    RateLimit rateLimit();

    /** How long a POST waits for Kafka's acknowledgement before answering 503. */
    Duration publishTimeout();

    /** The {@code Retry-After} of a 503. */
    Duration retryAfter();

    /** How far in the future {@code observedAt} may lie (device clocks drift). */
    Duration clockSkew();

    /** How old a report's {@code observedAt} may be. */
    Duration maxReportAge();

    /** Geohash length of the Kafka key (6: cells of about 1.2 km × 0.6 km). */
    int geoCellPrecision();

    Points points();

    /** Per-reporter limit on new reports. */
    interface RateLimit {
        @WithName("reports-per-hour")
        int reportsPerHour();
    }

    /** Points a reporter earns for a ticket that reached RESOLVED or CLOSED (once per ticket). */
    interface Points {
        /** For the reporter whose report opened the ticket. */
        @Min(0)
        int firstReporter();

        /** For each other reporter whose report was merged into the ticket. */
        @Min(0)
        int corroboratingReporter();
    }
}
