package org.gridwatch.resolution.service;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.gridwatch.resolution.config.ResolutionConfig;
import org.gridwatch.resolution.persistence.OutboxRepository;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Deletes outbox rows published longer than {@code outbox-retention} ago, every {@code outbox-prune-every}, so
 * the table holds what is still to send plus a recent window for audit and replay. Unpublished rows are never
 * deleted, however old. A plain single-thread executor, like {@link DeadlineWatch}; several instances may run
 * it at once (rows are taken with SKIP LOCKED).
 */
@ApplicationScoped
public class OutboxPruner {

    /** Rows per transaction, so one run never holds many locks or a long transaction. */
    static final int BATCH = 1_000;
    private static final Logger LOG = Logger.getLogger(OutboxPruner.class);

    private final OutboxRepository outbox;
    private final ResolutionConfig config;
    private final Clock clock;
    private ScheduledExecutorService executor;

    public OutboxPruner(OutboxRepository outbox, ResolutionConfig config, Clock clock) {
        this.outbox = outbox;
        this.config = config;
        this.clock = clock;
    }

    void start(@Observes StartupEvent started) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "outbox-pruner");
            t.setDaemon(true);
            return t;
        });
        long every = config.outboxPruneEvery().toMillis();
        executor.scheduleWithFixedDelay(this::run, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /** Deletes every row published before now minus the retention, batch by batch; returns how many. */
    public int prune() {
        OffsetDateTime cutoff = OffsetDateTime.now(clock).minus(config.outboxRetention());
        int total = 0;
        int deleted;
        do {
            deleted = QuarkusTransaction.requiringNew().call(() -> outbox.deletePublishedBefore(cutoff, BATCH));
            total += deleted;
        } while (deleted == BATCH);
        return total;
    }

    private void run() {
        try {
            int deleted = prune();
            if (deleted > 0) {
                LOG.infof("Pruned %d outbox rows published more than %s ago", deleted, config.outboxRetention());
            }
        } catch (RuntimeException e) {
            // The executor would cancel the schedule on an exception; log it and try again next time.
            LOG.warnf(e, "Outbox pruning failed; trying again in %s", config.outboxPruneEvery());
        }
    }
}
