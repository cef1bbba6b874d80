package org.gridwatch.intake;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.gridwatch.infra.testing.GridWatchTestResource;
import org.gridwatch.intake.config.IntakeConfig;
import org.gridwatch.intake.service.ReportRateLimiter;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** The per-reporter limit (60 new reports an hour by default) answers 429 with Retry-After; resends don't count. */
@QuarkusTest
@QuarkusTestResource(value = GridWatchTestResource.class, initArgs = @ResourceArg(name = "database", value = "intake_test"))
class ReportRateLimitTest {

    @Inject
    IntakeConfig config;

    @Inject
    DataSource dataSource;

    @Test
    void sixtyFirstNewReportInAnHourIsRefusedButResendsAndOtherRidersAreNot() {
        String reporter = Reports.newReporter();
        List<UUID> accepted = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            UUID id = UUID.randomUUID();
            Reports.post(reporter, Reports.body(id, "report " + i)).statusCode(202);
            accepted.add(id);
        }
        String retryAfter = Reports.post(reporter, Reports.body(UUID.randomUUID(), "one too many"))
                .statusCode(429)
                .contentType("application/problem+json")
                .body("status", equalTo(429))
                .extract().header("Retry-After");
        assertTrue(Integer.parseInt(retryAfter) > 0, "Retry-After " + retryAfter);

        Reports.post(reporter, Reports.body(accepted.get(0), "report 0")).statusCode(202);
        Reports.post(Reports.newReporter(), Reports.body(UUID.randomUUID(), "another rider")).statusCode(202);
    }

    @Test
    void anotherInstanceOrARestartKeepsCountingTheRidersReports() {
        String reporter = Reports.newReporter();
        for (int i = 0; i < 60; i++) {
            Reports.post(reporter, Reports.body(UUID.randomUUID(), "report " + i)).statusCode(202);
        }
        // A second intake instance on the same database, or this one after a restart, starts a limiter of its own.
        ReportRateLimiter another = new ReportRateLimiter(config, dataSource);
        assertTrue(another.tryAcquire(reporter).isPresent(),
                "another limiter let the rider's 61st report in an hour through");
    }
}
