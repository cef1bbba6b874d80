package org.gridwatch.common.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.gridwatch.common.persistence.DatabaseFailures;
import org.junit.jupiter.api.Test;

class TransientRetryTest {

    @Test
    void whileTheServiceStopsAFailureNeverFailsTheRecord() {
        AtomicInteger calls = new AtomicInteger();
        TransientRetry.stopping();
        try {
            // What a graceful stop does to a consumer mid-record: the persistence unit closes under it.
            String result = TransientRetry.call(() -> {
                if (calls.incrementAndGet() < 3) {
                    throw new IllegalStateException("EntityManagerFactory is closed");
                }
                return "the process ends before this in real life";
            });
            assertEquals(3, calls.get(), "tried again rather than handed to the dead-letter topic: " + result);
        } finally {
            TransientRetry.started();
        }
        AtomicInteger later = new AtomicInteger();
        assertThrows(IllegalStateException.class, () -> TransientRetry.run(() -> {
            later.incrementAndGet();
            throw new IllegalStateException("EntityManagerFactory is closed");
        }));
        assertEquals(1, later.get(), "a running service fails the record at once");
    }

    @Test
    void deadlockIsRetriedUntilItPasses() {
        AtomicInteger calls = new AtomicInteger();
        TransientRetry.run(() -> {
            if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException("tx failed", new SQLException("deadlock detected", "40P01"));
            }
        });
        assertEquals(3, calls.get());
    }

    @Test
    void conflictGivesUpAfterTheBoundedAttempts() {
        AtomicInteger calls = new AtomicInteger();
        RuntimeException failure = new IllegalStateException(new SQLException("could not serialize access", "40001"));
        assertSame(failure, assertThrows(IllegalStateException.class, () -> TransientRetry.run(() -> {
            calls.incrementAndGet();
            throw failure;
        })));
        assertEquals(TransientRetry.ATTEMPTS, calls.get());
    }

    @Test
    void workACallerWaitsOnRetriesAConflictButNotAnOutage() {
        AtomicInteger calls = new AtomicInteger();
        TransientRetry.runOnConflict(() -> {
            if (calls.incrementAndGet() < 2) {
                throw new IllegalStateException("tx failed", new SQLException("deadlock detected", "40P01"));
            }
        });
        assertEquals(2, calls.get(), "the deadlock was tried again");

        AtomicInteger outage = new AtomicInteger();
        RuntimeException refused = new IllegalStateException(new SQLException("Connection to 127.0.0.1:5432 refused", "08001"));
        assertSame(refused, assertThrows(IllegalStateException.class, () -> TransientRetry.runOnConflict(() -> {
            outage.incrementAndGet();
            throw refused;
        })));
        assertEquals(1, outage.get(), "an unavailable database fails at once, for the caller to answer 503");

        AtomicInteger conflicts = new AtomicInteger();
        TransientRetry.stopping();
        try {
            assertThrows(IllegalStateException.class, () -> TransientRetry.runOnConflict(() -> {
                conflicts.incrementAndGet();
                throw new IllegalStateException(new SQLException("could not serialize access", "40001"));
            }));
        } finally {
            TransientRetry.started();
        }
        assertEquals(TransientRetry.ATTEMPTS, conflicts.get(), "bounded even while the service stops");
    }

    @Test
    void anUnavailableDatabaseIsWaitedForBeyondTheBoundedAttempts() {
        AtomicInteger calls = new AtomicInteger();
        String result = TransientRetry.call(() -> {
            int call = calls.incrementAndGet();
            if (call == 1) {
                throw new IllegalStateException(new SQLException("terminating connection due to administrator command", "57P01"));
            }
            if (call <= TransientRetry.ATTEMPTS) {
                throw new IllegalStateException(new SQLException("Connection to 127.0.0.1:5432 refused", "08001"));
            }
            return "applied";
        });
        assertEquals("applied", result);
        assertEquals(TransientRetry.ATTEMPTS + 1, calls.get());
    }

    @Test
    void anInterruptDoesNotTurnAnOutageIntoAFailedRecord() throws Exception {
        RuntimeException outage = new IllegalStateException(new SQLException("Sorry, acquisition timeout!"));
        CountDownLatch failing = new CountDownLatch(2);
        AtomicBoolean databaseBack = new AtomicBoolean();
        AtomicReference<Thread> worker = new AtomicReference<>();
        CompletableFuture<Boolean> interruptedAfter = CompletableFuture.supplyAsync(() -> {
            worker.set(Thread.currentThread());
            TransientRetry.run(() -> {
                if (!databaseBack.get()) {
                    failing.countDown();
                    throw outage;
                }
            });
            return Thread.interrupted();
        });
        assertTrue(failing.await(10, TimeUnit.SECONDS), "the work was tried again while the database was unavailable");
        worker.get().interrupt();
        Thread.sleep(300);
        assertFalse(interruptedAfter.isDone(), "still waiting for the database after the interrupt");
        databaseBack.set(true);
        assertTrue(interruptedAfter.get(15, TimeUnit.SECONDS), "applied once the database was back, interrupt status restored");
    }

    @Test
    void permanentFailuresAreNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        assertThrows(PoisonMessageException.class, () -> TransientRetry.run(() -> {
            calls.incrementAndGet();
            throw new PoisonMessageException("not an event", null);
        }));
        assertEquals(1, calls.get());
    }

    @Test
    void failuresAreClassifiedBySqlState() {
        assertFalse(DatabaseFailures.unavailable(new RuntimeException(new SQLException("duplicate key", "23505"))));
        assertTrue(DatabaseFailures.conflict(new RuntimeException(new SQLException("duplicate key", "23505"))),
                "a key another instance inserted first: the retry finds its work done");
        assertFalse(DatabaseFailures.conflict(new RuntimeException(new SQLException("not null", "23502"))));
        assertTrue(DatabaseFailures.conflict(new RuntimeException(new SQLException("serialization", "40001"))));
        assertFalse(DatabaseFailures.unavailable(new RuntimeException(new SQLException("serialization", "40001"))));
        assertTrue(DatabaseFailures.unavailable(new RuntimeException(new SQLException("I/O error", "08006"))));
        assertTrue(DatabaseFailures.unavailable(new RuntimeException(new SQLException("the database system is starting up", "57P03"))));
        assertTrue(DatabaseFailures.unavailable(new RuntimeException(new SQLException("Sorry, acquisition timeout!"))));
        assertTrue(DatabaseFailures.unavailable(new RuntimeException(new SQLException("too many clients already", "53300"))));
        assertFalse(DatabaseFailures.unavailable(new RuntimeException(new SQLException("protocol violation", "08P01"))));
        assertTrue(DatabaseFailures.conflict(new RuntimeException(new SQLException("canceling statement due to statement timeout", "57014"))));
        assertFalse(DatabaseFailures.unavailable(new RuntimeException(new SQLException("some other failure"))));
        // As Narayana reports a commit the server cut off: the database's answer suppressed, not the cause.
        Exception rollback = new Exception("ARJUNA016053: Could not commit transaction.");
        Exception xa = new Exception("Error trying to transactionCommit local transaction",
                new SQLException("FATAL: terminating connection due to administrator command", "57P01"));
        rollback.addSuppressed(xa);
        assertTrue(DatabaseFailures.unavailable(new RuntimeException("Error invoking subclass method", rollback)));
    }
}
