package org.gridwatch.intake.service;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.gridwatch.intake.config.IntakeConfig;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

/**
 * Per-reporter limit on new reports: a token bucket per reporter (Bucket4j) that refills evenly over an
 * hour. Buckets live in this instance's memory and are dropped after two idle hours; with several
 * intake instances behind a load balancer each enforces the limit on what it sees.
 */
@ApplicationScoped
public class ReportRateLimiter {

    private final int perHour;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofHours(2))
            .maximumSize(1_000_000)
            .build();

    public ReportRateLimiter(IntakeConfig config) {
        this.perHour = config.rateLimit().reportsPerHour();
    }

    /** Takes one report from the reporter's allowance; empty when allowed, else the seconds to wait. */
    public java.util.OptionalLong tryAcquire(String reporterId) {
        Bucket bucket = buckets.get(reporterId, id -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(perHour).refillGreedy(perHour, Duration.ofHours(1)).build())
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return java.util.OptionalLong.empty();
        }
        return java.util.OptionalLong.of(Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill()) + 1));
    }
}
