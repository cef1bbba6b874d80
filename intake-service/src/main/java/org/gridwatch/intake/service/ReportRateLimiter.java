package org.gridwatch.intake.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import org.gridwatch.intake.config.IntakeConfig;
import org.jboss.logging.Logger;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Limits on new reports: token buckets (Bucket4j) that refill evenly over an hour, kept in PostgreSQL
 * ({@code rate_limit_bucket}) so that every intake instance takes from the same bucket and a restart forgets
 * nothing. Each bucket is one row, read and written under its row lock (SELECT ... FOR UPDATE) in a short
 * transaction of its own; a row is deleted once its bucket would be full again, which is the same as no row.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class ReportRateLimiter {

    /** Rows deleted per statement when expired buckets are cleared. */
    static final int CLEANUP_BATCH = 1_000;
    private static final Logger LOG = Logger.getLogger(ReportRateLimiter.class);
    private static final Duration CLEANUP_EVERY = Duration.ofMinutes(10);

    /**
     * One bucket a report takes a token from: its name, how many tokens it holds (and regains) per hour, and what
     * a refused caller is told. The name carries the allowance, so that a changed setting starts fresh buckets
     * instead of meeting a bucket stored with the old one.
     */
    public record Allowance(String name, int perHour, String refusal) {

        public Allowance {
            if (perHour < 1) {
                throw new IllegalArgumentException("An allowance needs at least one report an hour: " + name);
            }
        }

        /** The bucket's row: {@code reporter:meituan:88231@60/h}. */
        String bucketId() {
            return name + "@" + perHour + "/h";
        }
    }

    /** A refused report: the allowance that refused it and the seconds until it has a token again. */
    public record Refusal(Allowance allowance, long retryAfterSeconds) {
    }

    private final int perHour;
    private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;
    private ScheduledExecutorService cleaner;

    public ReportRateLimiter(IntakeConfig config, DataSource dataSource) {
        this.perHour = config.rateLimit().reportsPerHour();
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("rate_limit_bucket")
                .idColumn("id")
                .stateColumn("state")
                .expiresAtColumn("expires_at")
                // Once full again a bucket is the same as a new one, so its row may go a minute later.
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                .build();
    }

    /** A reporter's allowance of new reports ({@code gridwatch.intake.rate-limit.reports-per-hour}). */
    public Allowance perReporter(String reporterId) {
        return new Allowance("reporter:" + reporterId, perHour, "At most " + perHour + " new reports per hour");
    }

    /** Takes one report from the reporter's allowance; empty when allowed. */
    public Optional<Refusal> tryAcquire(String reporterId) {
        return tryAcquire(List.of(perReporter(reporterId)));
    }

    /**
     * Takes one token from each allowance, in order, or from none: when one refuses, the tokens already taken are
     * given back (so that a refused report costs nothing). Never inside the caller's transaction (the class is
     * NOT_SUPPORTED): each bucket is updated and committed on a connection of its own.
     */
    public Optional<Refusal> tryAcquire(List<Allowance> allowances) {
        List<BucketProxy> taken = new ArrayList<>();
        for (Allowance allowance : allowances) {
            BucketProxy bucket = bucket(allowance);
            ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
            if (!probe.isConsumed()) {
                taken.forEach(b -> b.addTokens(1));
                long seconds = TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill()) + 1;
                return Optional.of(new Refusal(allowance, Math.max(1, seconds)));
            }
            taken.add(bucket);
        }
        return Optional.empty();
    }

    private BucketProxy bucket(Allowance allowance) {
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(allowance.perHour())
                        .refillGreedy(allowance.perHour(), Duration.ofHours(1)).build())
                .build();
        return buckets.builder().build(allowance.bucketId(), () -> configuration);
    }

    /** Deletes the rows of buckets that are full again; returns how many. Several instances may run it at once. */
    public int removeFullBuckets() {
        int total = 0;
        int removed;
        do {
            removed = buckets.removeExpired(CLEANUP_BATCH);
            total += removed;
        } while (removed == CLEANUP_BATCH);
        return total;
    }

    void start(@Observes StartupEvent started) {
        cleaner = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rate-limit-cleaner");
            t.setDaemon(true);
            return t;
        });
        long every = CLEANUP_EVERY.toMillis();
        cleaner.scheduleWithFixedDelay(this::clean, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (cleaner != null) {
            cleaner.shutdownNow();
        }
    }

    private void clean() {
        try {
            int removed = removeFullBuckets();
            LOG.debugf("Removed %d full rate-limit buckets", removed);
        } catch (RuntimeException e) {
            // The executor would cancel the schedule on an exception; log it and try again next time.
            LOG.warnf("Removing full rate-limit buckets failed; trying again in %s: %s", CLEANUP_EVERY, e);
        }
    }
}
