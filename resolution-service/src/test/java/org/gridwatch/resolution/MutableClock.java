package org.gridwatch.resolution;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

/**
 * The service's clock in tests: real time moved forward by an offset ({@link #advance}), or a fixed
 * instant ({@link #set}) when a test computes "overdue" by hand. Tests that move it reset it.
 */
@Alternative
@Priority(1)
@Singleton
public class MutableClock extends Clock {

    private volatile Duration offset = Duration.ZERO;
    private volatile Instant fixed;

    public void advance(Duration by) {
        offset = offset.plus(by);
    }

    public void set(Instant instant) {
        fixed = instant;
        offset = Duration.ZERO;
    }

    public void reset() {
        fixed = null;
        offset = Duration.ZERO;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(instant(), zone);
    }

    @Override
    public Instant instant() {
        Instant base = fixed;
        return (base != null ? base : Instant.now()).plus(offset);
    }
}
