package org.gridwatch.intake.service;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.gridwatch.infra.DevJwt;
import org.gridwatch.infra.testing.GridWatchTestResource;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The group commit of acknowledgements meets the consumers of routing's events, which lock the same report rows in
 * their own order within a poll's transaction. When the two deadlock and PostgreSQL picks the group's UPDATE to abort,
 * the group is tried again: its riders get their 202, not a 500 for a report Kafka already holds.
 */
@QuarkusTest
@QuarkusTestResource(value = GridWatchTestResource.class, initArgs = @ResourceArg(name = "database", value = "intake_test"))
class ReportAcknowledgementsTest {

    @Inject
    ReportAcknowledgements acknowledgements;

    @Inject
    DataSource dataSource;

    @Test
    void aGroupAbortedByADeadlockIsCommittedOnItsNextAttempt() throws Exception {
        String reporter = "ack-deadlock:" + UUID.randomUUID();
        List<UUID> group = List.of(post(reporter, "Broken kerb A"), post(reporter, "Broken kerb B"));
        long deadlocksBefore = deadlocks();
        // Whichever order the UPDATE locks the two rows in, one of the two rounds takes them in the other order.
        for (UUID first : group) {
            UUID second = group.get(1 - group.indexOf(first));
            execute("UPDATE report SET acknowledged_at = NULL WHERE report_id IN (?, ?)", group.get(0), group.get(1));
            try (Connection consumer = dataSource.getConnection()) {
                consumer.setAutoCommit(false);
                try (Statement s = consumer.createStatement()) {
                    // The group's transaction checks for the deadlock first (1 s), so it is the one PostgreSQL aborts.
                    s.execute("SET LOCAL deadlock_timeout = '10s'");
                    s.execute("SET LOCAL statement_timeout = '30s'");
                }
                lock(consumer, first);
                CompletableFuture<Void> committed = CompletableFuture.runAsync(() -> acknowledgements.markAcknowledged(group));
                awaitUpdateWaitingForALock();
                lock(consumer, second);
                consumer.commit();
                committed.get(30, TimeUnit.SECONDS);
            }
            assertEquals(0, count("SELECT count(*) FROM report WHERE report_id IN (?, ?) AND acknowledged_at IS NULL",
                    group.get(0), group.get(1)), "both reports acknowledged after the round locking " + first + " first");
        }
        // The statistics reach pg_stat_database a moment after the transaction ends.
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (deadlocks() == deadlocksBefore && System.nanoTime() < until) {
            Thread.sleep(100);
        }
        assertTrue(deadlocks() > deadlocksBefore, "PostgreSQL saw the deadlock (pg_stat_database.deadlocks)");
    }

    private static UUID post(String reporter, String description) {
        UUID reportId = UUID.randomUUID();
        given().auth().oauth2(DevJwt.forRole("reporter").subject(reporter).sign()).contentType("application/json")
                .body("""
                        {"reportId":"%s","category":"MANHOLE_COVER","description":"%s","location":{"lat":34.2045,"lon":117.2838}}"""
                        .formatted(reportId, description))
                .post("/api/v1/reports").then().statusCode(202);
        return reportId;
    }

    private static void lock(Connection c, UUID reportId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM report WHERE report_id = ? FOR UPDATE")) {
            ps.setObject(1, reportId);
            ps.executeQuery().close();
        }
    }

    private void awaitUpdateWaitingForALock() throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (count("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE 'update report%'") == 0) {
            assertTrue(System.nanoTime() < until, "the group's UPDATE never waited for the locked row");
            Thread.sleep(20);
        }
    }

    private long deadlocks() throws SQLException {
        return count("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()");
    }

    private void execute(String sql, Object... args) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }

    private long count(String sql, Object... args) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
