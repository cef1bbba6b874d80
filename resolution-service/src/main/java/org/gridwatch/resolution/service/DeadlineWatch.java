package org.gridwatch.resolution.service;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.gridwatch.resolution.config.ResolutionConfig;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Runs the deadline rules every {@code deadline-check-every}. A plain single-thread executor rather than
 * quarkus-scheduler: one fixed-delay job needs nothing more. Several instances may run it: rows are taken
 * with SKIP LOCKED, and each escalation is remembered on the ticket.
 */
@ApplicationScoped
public class DeadlineWatch {

    private static final Logger LOG = Logger.getLogger(DeadlineWatch.class);

    private final DeadlineService deadlines;
    private final StatsProjection stats;
    private final ResolutionConfig config;
    private final Clock clock;
    private ScheduledExecutorService executor;

    public DeadlineWatch(DeadlineService deadlines, StatsProjection stats, ResolutionConfig config, Clock clock) {
        this.deadlines = deadlines;
        this.stats = stats;
        this.config = config;
        this.clock = clock;
    }

    void start(@Observes StartupEvent started) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "deadline-watch");
            t.setDaemon(true);
            return t;
        });
        long every = config.deadlineCheckEvery().toMillis();
        executor.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /** One run of both rules, each until no full batch is left; then the statistics' overdue watermark follows. */
    public void check() {
        try {
            OffsetDateTime now = OffsetDateTime.now(clock);
            while (deadlines.escalateOverdue(now) == DeadlineService.BATCH) {
                // a full batch: more may be due
            }
            while (deadlines.closeUnanswered(now) == DeadlineService.BATCH) {
                // a full batch: more may be due
            }
        } catch (RuntimeException e) {
            // The executor would cancel the schedule on an exception; log it and try again next time.
            LOG.warnf(e, "Deadline check failed; trying again in %s", config.deadlineCheckEvery());
        }
        try {
            stats.advanceOverdue(clock.instant());
        } catch (RuntimeException e) {
            LOG.warnf(e, "Moving the statistics' overdue watermark failed; trying again in %s", config.deadlineCheckEvery());
        }
    }
}
