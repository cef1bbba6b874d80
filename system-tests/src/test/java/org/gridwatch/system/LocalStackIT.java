package org.gridwatch.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.gridwatch.infra.DevJwt;
import org.gridwatch.infra.LocalStack;
import org.gridwatch.infra.Ports;
import org.junit.jupiter.api.Test;

/**
 * The local stack exactly as {@code ./gridwatch up} runs it: Kafka, PostgreSQL and the three packaged
 * services as separate processes. It must come up ready, refuse anonymous and wrong-role callers, carry
 * data between services over Kafka, keep its data across a restart and leave no process behind.
 */
class LocalStackIT {

    private static final Path PROJECT = Path.of(System.getProperty("gridwatch.home", "..")).toAbsolutePath().normalize();

    @Test
    void startsReadyServesSecurelyKeepsDataAcrossRestartAndStopsCleanly() throws Exception {
        Path state = Files.createTempDirectory("gridwatch-stack-");
        LocalStack.Settings settings = new LocalStack.Settings(PROJECT, state, null, Ports.free(), Ports.free(), null, null, null,
                List.of(new LocalStack.ServiceSpec("intake-service", Ports.free(), "gridwatch_intake"),
                        new LocalStack.ServiceSpec("routing-service", Ports.free(), "gridwatch_routing"),
                        new LocalStack.ServiceSpec("resolution-service", Ports.free(), "gridwatch_resolution")));
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
            given().baseUri(routing).get("/api/v1/routing/reports/{id}", reportId).then().statusCode(401);
            given().baseUri(routing).auth().oauth2(reporter).get("/api/v1/routing/reports/{id}", reportId).then().statusCode(403);
            given().baseUri(resolution).get("/api/v1/tickets/{id}", "T-1").then().statusCode(401);
            given().baseUri(resolution).auth().oauth2(reporter).get("/api/v1/tickets/{id}", "T-1").then().statusCode(403);

            // Routing publishes the catalogue; intake, a separate process, serves it from its own database.
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().baseUri(intake).auth().oauth2(reporter)
                    .get("/api/v1/categories").then().statusCode(200)
                    .body("code", hasItems("FIRE_HAZARD", "MANHOLE_COVER", "FLOODING", "ACCESS_OBSTACLE", "OTHER")));

            // A rider's report goes through intake and the real broker into routing's PostgreSQL table.
            given().baseUri(intake).auth().oauth2(DevJwt.forRole("reporter").subject("meituan:88231").sign())
                    .contentType("application/json")
                    .body("""
                            {"reportId":"%s","category":"STREET_LIGHT","description":"Street light out at Xincheng Rd",
                             "location":{"lat":34.2045,"lon":117.2838}}""".formatted(reportId))
                    .post("/api/v1/reports").then().statusCode(202).body("reportId", equalTo(reportId.toString()));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().baseUri(routing).auth().oauth2(admin)
                    .get("/api/v1/routing/reports/{id}", reportId).then().statusCode(200)
                    .body("category", equalTo("STREET_LIGHT"))
                    .body("geoCell", equalTo("ww56sf")));
        }
        assertStopped(settings);

        // Same state folder: the report is still there, with no re-send.
        try (LocalStack stack = new LocalStack(settings).start()) {
            given().baseUri(stack.service("routing-service").baseUrl()).auth().oauth2(admin)
                    .get("/api/v1/routing/reports/{id}", reportId).then().statusCode(200)
                    .body("category", equalTo("STREET_LIGHT"));
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
