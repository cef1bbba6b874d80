package org.gridwatch.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.gridwatch.infra.DevJwt;
import org.gridwatch.infra.LocalStack;
import org.gridwatch.infra.Ports;
import org.gridwatch.infra.demo.DemoCityLoader;
import org.junit.jupiter.api.Test;

/**
 * The local stack exactly as {@code ./gridwatch up} runs it: Kafka, PostgreSQL and the three packaged
 * services as separate processes. It must come up ready, refuse anonymous and wrong-role callers, carry
 * data between services over Kafka, keep its data across a restart and leave no process behind.
 */
class LocalStackIT {

    @Test
    void startsReadyServesSecurelyKeepsDataAcrossRestartAndStopsCleanly() throws Exception {
        LocalStack.Settings settings = SystemStack.settings(SystemStack.stateDir("gridwatch-stack-"), null);
        UUID reportId = UUID.randomUUID();
        String admin = DevJwt.forRole("admin").sign();

        long t0 = System.nanoTime();
        try (LocalStack stack = new LocalStack(settings).start()) {
            System.out.printf("Local stack ready in %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            String intake = stack.service("intake-service").baseUrl();
            String routing = stack.service("routing-service").baseUrl();
            String resolution = stack.service("resolution-service").baseUrl();
            for (String base : List.of(intake, routing, resolution)) {
                given().baseUri(base).get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
            }

            // Each service refuses a caller without a token (401) and one with the wrong role (403).
            String reporter = DevJwt.forRole("reporter").sign();
            given().baseUri(intake).get("/api/v1/reports").then().statusCode(401);
            given().baseUri(intake).auth().oauth2(DevJwt.forRole("staff").dept("D-X").sign()).get("/api/v1/reports").then().statusCode(403);
            given().baseUri(routing).get("/api/v1/routing/decisions/{id}", reportId).then().statusCode(401);
            given().baseUri(routing).auth().oauth2(reporter).get("/api/v1/routing/decisions/{id}", reportId).then().statusCode(403);
            given().baseUri(resolution).get("/api/v1/tickets/{id}", "T-1").then().statusCode(401);
            given().baseUri(resolution).auth().oauth2(reporter).get("/api/v1/tickets/{id}", "T-1").then().statusCode(403);

            // Routing publishes the catalogue; intake, a separate process, serves it from its own database.
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().baseUri(intake).auth().oauth2(reporter)
                    .get("/api/v1/categories").then().statusCode(200)
                    .body("code", hasItems("FIRE_HAZARD", "MANHOLE_COVER", "FLOODING", "ACCESS_OBSTACLE", "OTHER")));

            // The demo city through routing's admin API, then a rider's report through all three services:
            // intake (202) -> Kafka -> routing (decision by the demo rules) -> Kafka -> resolution (a ticket for staff).
            new DemoCityLoader(routing).load();
            given().baseUri(intake).auth().oauth2(DevJwt.forRole("reporter").subject("meituan:88231").sign())
                    .contentType("application/json")
                    .body("""
                            {"reportId":"%s","category":"MANHOLE_COVER","description":"Manhole cover missing on Gulou Rd",
                             "location":{"lat":34.25,"lon":117.15}}""".formatted(reportId))
                    .post("/api/v1/reports").then().statusCode(202).body("reportId", equalTo(reportId.toString()));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().baseUri(routing).auth().oauth2(admin)
                    .get("/api/v1/routing/decisions/{id}", reportId).then().statusCode(200)
                    .body("outcome", equalTo("NEW_TICKET"))
                    .body("departmentId", equalTo("D-URBAN-GL"))
                    .body("ruleId", equalTo("R-0016")));
            String gulouStaff = DevJwt.forRole("staff").dept("D-URBAN-GL").sign();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().baseUri(resolution).auth().oauth2(gulouStaff)
                    .get("/api/v1/tickets/{id}", "T-" + reportId).then().statusCode(200)
                    .body("priority", equalTo("P0"))
                    .body("status", equalTo("ASSIGNED")));
        }
        assertStopped(settings);

        // Same state folder: the decision and the ticket are still there, with no re-send.
        try (LocalStack stack = new LocalStack(settings).start()) {
            given().baseUri(stack.service("routing-service").baseUrl()).auth().oauth2(admin)
                    .get("/api/v1/routing/decisions/{id}", reportId).then().statusCode(200)
                    .body("departmentId", equalTo("D-URBAN-GL"));
            given().baseUri(stack.service("resolution-service").baseUrl())
                    .auth().oauth2(DevJwt.forRole("staff").dept("D-URBAN-GL").sign())
                    .get("/api/v1/tickets/{id}", "T-" + reportId).then().statusCode(200);
        }
        assertStopped(settings);
    }

    private static void assertStopped(LocalStack.Settings settings) {
        for (int port : settings.ports()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> Ports.isFree(port));
        }
        List<ProcessHandle> left = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
        assertTrue(left.isEmpty(), "processes left behind: " + left.stream().map(p -> p.info().commandLine().orElse("?")).toList());
        assertFalse(Files.exists(settings.stateDir().resolve("postgres/postmaster.pid")), "PostgreSQL still running");
    }
}
