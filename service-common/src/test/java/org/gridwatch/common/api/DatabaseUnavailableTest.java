package org.gridwatch.common.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;

import org.jboss.resteasy.reactive.RestResponse;
import org.junit.jupiter.api.Test;

/** A request that meets an unavailable database, or a rollback for a conflict, is told to come back (503 + Retry-After), not that the server failed. */
class DatabaseUnavailableTest {

    private final ProblemMapper mapper = new ProblemMapper();

    @Test
    void aRefusedOrCutConnectionIs503WithRetryAfter() {
        for (Throwable failure : new Throwable[] {
                new IllegalStateException(new SQLException("Connection to 127.0.0.1:5432 refused", "08001")),
                new RuntimeException(new SQLException("Sorry, acquisition timeout!")),
                new RuntimeException(new SQLException("the database system is shutting down", "57P03"))}) {
            RestResponse<Problem> response = mapper.internal(failure, null);
            assertEquals(503, response.getStatus(), failure.toString());
            assertEquals(ProblemMapper.DATABASE_UNAVAILABLE, response.getEntity().detail());
            assertEquals("5", response.getHeaderString("Retry-After"));
        }
    }

    @Test
    void aTransactionRolledBackForAConflictIs503WithRetryAfter() {
        for (Throwable failure : new Throwable[] {
                new IllegalStateException("tx failed", new SQLException("deadlock detected", "40P01")),
                new RuntimeException(new SQLException("could not serialize access due to concurrent update", "40001"))}) {
            RestResponse<Problem> response = mapper.internal(failure, null);
            assertEquals(503, response.getStatus(), failure.toString());
            assertEquals(ProblemMapper.CONCURRENT_CHANGE, response.getEntity().detail());
            assertEquals("1", response.getHeaderString("Retry-After"));
        }
    }

    @Test
    void otherFailuresStay500() {
        RestResponse<Problem> response = mapper.internal(new RuntimeException(new SQLException("duplicate key", "23505")), null);
        assertEquals(500, response.getStatus());
    }
}
