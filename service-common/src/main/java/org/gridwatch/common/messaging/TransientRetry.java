package org.gridwatch.common.messaging;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;

import org.jboss.logging.Logger;

/**
 * Bounded retries for a consumer's database work (DESIGN.md section 5): a lost connection, a deadlock or a
 * serialization failure is tried again a few times before the record counts as failed and goes to the
 * dead-letter topic; any other failure fails at once.
 */
public final class TransientRetry {

    public static final int ATTEMPTS = 4;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Logger LOG = Logger.getLogger(TransientRetry.class);
    /** SQLSTATE classes and codes PostgreSQL uses for conditions that may pass. */
    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "40", "53", "57");

    private TransientRetry() {
    }

    public static void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }

    public static <T> T call(java.util.function.Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return work.get();
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS || !isTransient(e)) {
                    throw e;
                }
                long backoff = FIRST_BACKOFF.toMillis() << (attempt - 1);
                LOG.warnf("Transient database failure (attempt %d of %d), retrying in %d ms: %s", attempt, ATTEMPTS, backoff, e);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Whether some cause of {@code failure} is a database condition that may pass by itself. */
    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().length() >= 2
                    && TRANSIENT_CLASSES.contains(sql.getSQLState().substring(0, 2))) {
                return true;
            }
            if (t instanceof jakarta.persistence.OptimisticLockException
                    || t instanceof jakarta.persistence.PessimisticLockException
                    || t instanceof jakarta.persistence.LockTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
