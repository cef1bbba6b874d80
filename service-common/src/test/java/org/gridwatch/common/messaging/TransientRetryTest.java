package org.gridwatch.common.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class TransientRetryTest {

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
    void lostConnectionGivesUpAfterTheBoundedAttempts() {
        AtomicInteger calls = new AtomicInteger();
        RuntimeException failure = new IllegalStateException(new SQLException("connection refused", "08001"));
        assertSame(failure, assertThrows(IllegalStateException.class, () -> TransientRetry.run(() -> {
            calls.incrementAndGet();
            throw failure;
        })));
        assertEquals(TransientRetry.ATTEMPTS, calls.get());
    }

    @Test
    void permanentFailuresAreNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        assertThrows(PoisonMessageException.class, () -> TransientRetry.run(() -> {
            calls.incrementAndGet();
            throw new PoisonMessageException("not an event", null);
        }));
        assertEquals(1, calls.get());
        assertFalse(TransientRetry.isTransient(new RuntimeException(new SQLException("duplicate key", "23505"))));
        assertTrue(TransientRetry.isTransient(new RuntimeException(new SQLException("serialization", "40001"))));
    }
}
