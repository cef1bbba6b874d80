package org.gridwatch.common.messaging;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.gridwatch.common.persistence.DatabaseFailures;
import org.jboss.logging.Logger;

/**
 * Retries for a consumer's database work (DESIGN.md sections 5 and 6). A conflict with another transaction
 * (deadlock, serialization failure, lock) is tried again a few times before the record counts as failed and
 * goes to the dead-letter topic. An unavailable database (a lost or refused connection, a server restarting)
 * is no fault of the record: the consumer waits, trying again with a growing pause of at most
 * {@link #MAX_PAUSE}, until the database is back, so that a database outage never sends good records to
 * the dead-letter topic (G5). Any other failure fails at once.
 *
 * <p>An interrupt (the service stopping) does not end the wait either: failing would send the record to the
 * dead-letter topic. The consumer keeps trying until the database is back or the process is gone; either way the
 * record is not acknowledged before its effect is in the database, and a stopped consumer's records are
 * delivered again. The thread's interrupt status is restored when the call returns or fails.
 *
 * <p>Nor does a graceful stop (a rolling deploy): once the service is stopping ({@link #stopping()}), any failure is
 * taken for the shutdown's doing (its database pool and persistence unit close under the consumers) and the work is
 * tried again until the process is gone, so the record is never handed to the dead-letter topic; it stays
 * unacknowledged and another instance, or this one restarted, takes it. The process is gone at the latest when
 * Quarkus stops waiting for its worker threads ({@code quarkus.thread-pool.shutdown-timeout}, 5 s in
 * service-common).
 */
public final class TransientRetry {

    /** Attempts at a record that conflicts with other transactions. */
    public static final int ATTEMPTS = 4;
    /** The longest pause between two attempts while the database is unavailable. */
    public static final Duration MAX_PAUSE = Duration.ofSeconds(5);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration LOG_EVERY = Duration.ofSeconds(30);
    private static final Logger LOG = Logger.getLogger(TransientRetry.class);
    private static final AtomicBoolean STOPPING = new AtomicBoolean();

    private TransientRetry() {
    }

    /** From now on the service is stopping: failures no longer fail records (see the class comment). */
    public static void stopping() {
        STOPPING.set(true);
    }

    /** The service runs (again): failures fail records as usual. */
    static void started() {
        STOPPING.set(false);
    }

    public static void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }

    public static <T> T call(Supplier<T> work) {
        return call(work, true);
    }

    /**
     * For work a caller is waiting on (an HTTP request): a conflict is tried again as in {@link #run}, anything else,
     * an unavailable database included, fails at once so that the caller can answer.
     */
    public static void runOnConflict(Runnable work) {
        call(() -> {
            work.run();
            return null;
        }, false);
    }

    private static <T> T call(Supplier<T> work, boolean waitForDatabase) {
        boolean[] interrupted = new boolean[1];
        try {
            return attempt(work, waitForDatabase, interrupted);
        } finally {
            if (interrupted[0]) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static <T> T attempt(Supplier<T> work, boolean waitForDatabase, boolean[] interrupted) {
        int conflicts = 0;
        long unavailableSince = 0;
        long lastLog = 0;
        long pause = FIRST_BACKOFF.toMillis();
        while (true) {
            try {
                T result = work.get();
                if (unavailableSince != 0) {
                    LOG.infof("The database is back after %d ms", (System.nanoTime() - unavailableSince) / 1_000_000);
                }
                return result;
            } catch (RuntimeException e) {
                if (waitForDatabase && DatabaseFailures.unavailable(e)) {
                    long now = System.nanoTime();
                    boolean first = unavailableSince == 0;
                    if (first) {
                        unavailableSince = now;
                    }
                    if (first || now - lastLog >= LOG_EVERY.toNanos()) {
                        LOG.warnf("The database is unavailable; waiting for it (trying every %d ms at most): %s",
                                MAX_PAUSE.toMillis(), e);
                        lastLog = now;
                    }
                } else if (waitForDatabase && STOPPING.get()) {
                    if (lastLog == 0) {
                        LOG.infof("The service is stopping; the record stays unacknowledged for the next instance: %s", e.toString());
                        lastLog = System.nanoTime();
                    }
                } else if (DatabaseFailures.conflict(e) && ++conflicts < ATTEMPTS) {
                    LOG.warnf("Database conflict (attempt %d of %d), retrying in %d ms: %s", conflicts, ATTEMPTS, pause, e);
                } else {
                    throw e;
                }
                sleep(pause, interrupted);
                pause = Math.min(pause * 2, MAX_PAUSE.toMillis());
            }
        }
    }

    /** Pauses; an interrupt is remembered (and restored by {@link #call}) but does not end the pause early. */
    private static void sleep(long millis, boolean[] interrupted) {
        long until = System.nanoTime() + millis * 1_000_000;
        long left;
        while ((left = until - System.nanoTime()) > 0) {
            try {
                Thread.sleep(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                interrupted[0] = true;
            }
        }
    }
}
