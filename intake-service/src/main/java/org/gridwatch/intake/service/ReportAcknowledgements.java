package org.gridwatch.intake.service;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.gridwatch.common.api.ApiException;
import org.gridwatch.common.messaging.TransientRetry;
import org.gridwatch.common.persistence.DatabaseFailures;
import org.gridwatch.intake.persistence.ReportRepository;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Marks reports acknowledged (Kafka holds them) as a group commit: the requests waiting at the same moment share
 * one UPDATE and one commit instead of a transaction each. Each caller still returns only after its own row is
 * committed, so a rider who got 202 sees the report in the next read.
 *
 * <p>One writer thread takes whatever is waiting (up to {@link #MAX_BATCH} reports) as soon as the previous commit
 * is done: under light load a batch is one report and nothing waits longer than before; under heavy load the
 * reports that arrived during one commit go in the next. A deadlock with a consumer is tried again; a commit that still
 * fails fails every caller of its batch, as its own transaction would have failed each (a conflict that outlasts the
 * retries with 503 and Retry-After); the report is on Kafka and a resend answers it (G2).
 */
@ApplicationScoped
public class ReportAcknowledgements {

    /** Reports marked in one statement at most. */
    static final int MAX_BATCH = 256;
    private static final Logger LOG = Logger.getLogger(ReportAcknowledgements.class);
    /** How long a caller waits for its batch, beyond which it answers 503 (the database is too slow to be usable). */
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** The 503 of a report Kafka holds whose acknowledgement could not be recorded: a resend gets its receipt (G2). */
    private static final String RECORD_AGAIN = "The report is on its way but could not be recorded in time; send it again "
            + "(same reportId) to get its receipt";

    private record Waiting(UUID reportId, CompletableFuture<Void> committed) {
    }

    private final ReportRepository reports;
    private final BlockingQueue<Waiting> queue = new LinkedBlockingQueue<>();
    private volatile Thread writer;

    public ReportAcknowledgements(ReportRepository reports) {
        this.reports = reports;
    }

    /** Marks the report acknowledged and returns once that is committed; throws what the commit threw. */
    public void acknowledge(UUID reportId) {
        Waiting waiting = new Waiting(reportId, new CompletableFuture<>());
        queue.add(waiting);
        try {
            waiting.committed().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw ApiException.unavailable(RECORD_AGAIN, 5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("Interrupted while recording the report; send it again (same reportId)", 5);
        }
    }

    void start(@Observes StartupEvent started) {
        Thread thread = new Thread(this::write, "report-acknowledgements");
        thread.setDaemon(true);
        writer = thread;
        thread.start();
    }

    void stop(@Observes ShutdownEvent stopping) {
        Thread thread = writer;
        writer = null;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void write() {
        List<Waiting> batch = new ArrayList<>(MAX_BATCH);
        while (writer != null) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                break;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            commit(batch);
            batch.clear();
        }
        // Stopping: whoever still waits gets an answer now rather than at the timeout.
        queue.drainTo(batch);
        batch.forEach(w -> w.committed().completeExceptionally(ApiException.unavailable(
                "intake-service is stopping; send the report again (same reportId)", 5)));
        LOG.debugf("Stopped with %d acknowledgements not recorded", batch.size());
    }

    private void commit(List<Waiting> batch) {
        try {
            markAcknowledged(batch.stream().map(Waiting::reportId).toList());
            batch.forEach(w -> w.committed().complete(null));
        } catch (RuntimeException e) {
            RuntimeException answer = DatabaseFailures.conflict(e) ? ApiException.unavailable(RECORD_AGAIN, 5) : e;
            batch.forEach(w -> w.committed().completeExceptionally(answer));
        }
    }

    /**
     * One UPDATE and commit for the whole group. The consumers of routing's and resolution's events lock the same
     * rows in their own order, a poll at a time; when PostgreSQL breaks such a deadlock by aborting the UPDATE, the
     * group is tried again (a few times, {@link TransientRetry#runOnConflict}).
     */
    void markAcknowledged(List<UUID> reportIds) {
        TransientRetry.runOnConflict(() -> {
            OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC);
            QuarkusTransaction.requiringNew().run(() ->
                    reports.update("acknowledgedAt = ?1 WHERE reportId IN ?2 AND acknowledgedAt IS NULL", at, reportIds));
        });
    }
}
