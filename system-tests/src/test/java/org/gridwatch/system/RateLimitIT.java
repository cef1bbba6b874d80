package org.gridwatch.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.gridwatch.infra.DevJwt;
import org.gridwatch.infra.LocalStack;
import org.gridwatch.infra.Ports;
import org.gridwatch.infra.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.response.Response;

/**
 * Intake's per-rider limit (60 new reports an hour, {@code gridwatch.intake.rate-limit.reports-per-hour}, the
 * default the system stack runs with) holds under concurrent requests: 100 reports with fresh ids from one rider,
 * sent at once from 16 threads, get exactly 60 × 202 and 40 × 429 with {@code Retry-After}, never a 5xx; another
 * rider's reports in the same burst all pass; a resend of an accepted report is not counted; a refused report is
 * not submitted (the rider's list and routing know only the accepted ones). Reports are OTHER (dedup radius 0, so
 * they never merge into another scenario's ticket; the city's operations centre gets them) in Jiawang. The limit is
 * one for all intake instances and survives a restart: a second scenario runs a second intake instance.
 */
@ExtendWith(SystemStack.class)
class RateLimitIT {

    private static final int LIMIT = 60;
    private static final int BURST = 100;
    private static final int THREADS = 16;
    private static final int OTHER_RIDER_REPORTS = 5;
    private static final RequestLedger LEDGER = new RequestLedger("RateLimitIT");

    private record Sent(String rider, String reportId, String body, Response answer) {
    }

    @Test
    void oneRiderGetsExactlyTheLimitUnderConcurrencyAndAnotherRiderIsUnaffected(SystemStack.Services gridwatch) throws Exception {
        long t0 = System.nanoTime();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String busy = "sec-rate:" + run;
        String calm = "sec-rate-calm:" + run;
        String busyToken = DevJwt.forRole("reporter").subject(busy).sign();
        String calmToken = DevJwt.forRole("reporter").subject(calm).sign();

        List<Map.Entry<String, String>> requests = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            requests.add(Map.entry(busy, busyToken));
            if (i % (BURST / OTHER_RIDER_REPORTS) == 7) {
                requests.add(Map.entry(calm, calmToken));
            }
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<Sent>> futures = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            Map.Entry<String, String> who = requests.get(i);
            // A 10 × 10 spread over Jiawang (north-east of the city), about 500 m apart.
            double lat = 34.245 + (i % 10) * 0.005;
            double lon = 117.275 + (i / 10 % 10) * 0.005;
            String reportId = UUID.randomUUID().toString();
            String body = Filed.json(Map.of("reportId", reportId, "category", "OTHER", "description", "Rate probe " + i,
                    "location", Map.of("lat", lat, "lon", lon)));
            futures.add(pool.submit(() -> {
                start.await();
                Response answer = given().filter(LEDGER).baseUri(gridwatch.intake()).auth().oauth2(who.getValue())
                        .contentType("application/json").body(body).post("/api/v1/reports");
                return new Sent(who.getKey(), reportId, body, answer);
            }));
        }
        long burstStart = System.nanoTime();
        start.countDown();
        List<Sent> sent = new ArrayList<>();
        for (Future<Sent> f : futures) {
            sent.add(f.get());
        }
        long burstMillis = (System.nanoTime() - burstStart) / 1_000_000;
        pool.shutdown();

        List<Sent> busyAccepted = sent.stream().filter(s -> s.rider().equals(busy) && s.answer().statusCode() == 202).toList();
        List<Sent> busyRefused = sent.stream().filter(s -> s.rider().equals(busy) && s.answer().statusCode() == 429).toList();
        List<Sent> calmAccepted = sent.stream().filter(s -> s.rider().equals(calm) && s.answer().statusCode() == 202).toList();
        Map<Integer, Long> statuses = sent.stream().collect(Collectors.groupingBy(s -> s.answer().statusCode(), Collectors.counting()));
        System.out.printf("RateLimitIT burst: %d requests in %d ms, statuses %s%n", sent.size(), burstMillis, statuses);

        // The bucket refills evenly (one report a minute at 60 an hour): a burst slower than a minute may earn one more.
        long refill = burstMillis / 60_000;
        assertTrue(busyAccepted.size() >= LIMIT && busyAccepted.size() <= LIMIT + refill,
                "202s for the busy rider: " + busyAccepted.size() + " (limit " + LIMIT + ", burst " + burstMillis + " ms)");
        assertEquals(BURST, busyAccepted.size() + busyRefused.size(), "every other answer is a 429: " + statuses);
        assertEquals(OTHER_RIDER_REPORTS, calmAccepted.size(), "the other rider is unaffected: " + statuses);
        for (Sent refused : busyRefused) {
            refused.answer().then().contentType("application/problem+json").body("status", equalTo(429));
            String retryAfter = refused.answer().header("Retry-After");
            assertTrue(retryAfter != null && retryAfter.matches("\\d+") && Integer.parseInt(retryAfter) >= 1
                    && Integer.parseInt(retryAfter) <= 3600, "Retry-After: " + retryAfter);
        }

        // A resend of an accepted report is not a new report: the same receipt, though the bucket is empty.
        Sent first = busyAccepted.get(0);
        given().filter(LEDGER).baseUri(gridwatch.intake()).auth().oauth2(busyToken).contentType("application/json")
                .body(first.body()).post("/api/v1/reports").then().statusCode(202)
                .body("reportId", equalTo(first.reportId()))
                .body("submittedAt", equalTo(first.answer().jsonPath().getString("submittedAt")));
        // A refused report is not there, and a new one is still refused.
        Sent refused = busyRefused.get(0);
        given().filter(LEDGER).baseUri(gridwatch.intake()).auth().oauth2(busyToken).get("/api/v1/reports/{id}", refused.reportId())
                .then().statusCode(404);
        given().filter(LEDGER).baseUri(gridwatch.intake()).auth().oauth2(busyToken).contentType("application/json")
                .body(refused.body()).post("/api/v1/reports").then().statusCode(429);
        Set<String> listed = Set.copyOf(given().filter(LEDGER).baseUri(gridwatch.intake()).auth().oauth2(busyToken)
                .queryParam("limit", 200).get("/api/v1/reports").then().statusCode(200).extract().<List<String>>path("items.reportId"));
        assertEquals(busyAccepted.stream().map(Sent::reportId).collect(Collectors.toSet()), listed);

        // Routing decides every accepted report and never hears of a refused one.
        String admin = DevJwt.forRole("admin").sign();
        for (Sent accepted : busyAccepted) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().baseUri(gridwatch.routing()).auth().oauth2(admin)
                    .get("/api/v1/routing/decisions/{id}", accepted.reportId()).then().statusCode(200));
        }
        for (Sent r : busyRefused) {
            given().filter(LEDGER).baseUri(gridwatch.routing()).auth().oauth2(admin).get("/api/v1/routing/decisions/{id}", r.reportId())
                    .then().statusCode(404);
        }
        System.out.printf("%s in %d ms%n", LEDGER.summary(), (System.nanoTime() - t0) / 1_000_000);
        assertTrue(LEDGER.faults().isEmpty(), String.join("\n", LEDGER.faults()));
    }

    /**
     * Two intake instances on one database, as a deployment behind a load balancer runs them, and a restart: one rider
     * has one allowance wherever the reports arrive. The burst alternates between the instances, then the second is
     * restarted and both are asked again.
     */
    @Test
    void twoIntakeInstancesAndARestartShareOneRidersAllowance(SystemStack.Services gridwatch, LocalStack stack) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String rider = "sec-rate-two:" + run;
        String token = DevJwt.forRole("reporter").subject(rider).sign();
        ServiceProcess second = stack.startInstance("intake-service", "intake-service-rate-2", Ports.free());
        try {
            List<String> instances = List.of(gridwatch.intake(), second.baseUrl());
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < BURST; i++) {
                String instance = instances.get(i % 2);
                String body = Filed.json(Map.of("reportId", UUID.randomUUID().toString(), "category", "OTHER",
                        "description", "Two-instance rate probe " + i, "location",
                        Map.of("lat", 34.245 + (i % 10) * 0.005, "lon", 117.275 + (i / 10 % 10) * 0.005)));
                answers.add(pool.submit(() -> {
                    start.await();
                    return given().filter(LEDGER).baseUri(instance).auth().oauth2(token).contentType("application/json")
                            .body(body).post("/api/v1/reports").statusCode();
                }));
            }
            long burstStart = System.nanoTime();
            start.countDown();
            Map<Integer, Long> statuses = new TreeMap<>();
            for (Future<Integer> answer : answers) {
                statuses.merge(answer.get(), 1L, Long::sum);
            }
            long burstMillis = (System.nanoTime() - burstStart) / 1_000_000;
            pool.shutdown();
            System.out.printf("RateLimitIT two instances: %d requests in %d ms, statuses %s%n", BURST, burstMillis, statuses);
            long accepted = statuses.getOrDefault(202, 0L);
            long refill = burstMillis / 60_000;

            // A restart (graceful, as a deployment rolls) keeps what the rider has used, and sends no record its consumers
            // were working on to a dead-letter topic (G8): they stay unacknowledged for the other instance.
            Map<String, Long> deadLettersBefore = intakeDeadLetters(gridwatch.kafka());
            long restart0 = System.nanoTime();
            boolean stoppedByItself = second.stop();
            second.start().awaitReady(Duration.ofSeconds(120));
            Map<String, Long> deadLettersAfter = intakeDeadLetters(gridwatch.kafka());
            System.out.printf("RateLimitIT: second intake restarted in %d ms%n", (System.nanoTime() - restart0) / 1_000_000);
            Map<String, Integer> afterRestart = new TreeMap<>();
            for (String instance : instances) {
                String body = Filed.json(Map.of("reportId", UUID.randomUUID().toString(), "category", "OTHER",
                        "description", "After the restart " + instance, "location", Map.of("lat", 34.25, "lon", 117.28)));
                afterRestart.put(instance, given().filter(LEDGER).baseUri(instance).auth().oauth2(token)
                        .contentType("application/json").body(body).post("/api/v1/reports").statusCode());
            }

            assertAll(
                    () -> assertTrue(accepted >= LIMIT && accepted <= LIMIT + refill,
                            "202s for one rider over two instances: " + accepted + " (limit " + LIMIT + "; " + statuses + ")"),
                    () -> assertEquals(BURST, accepted + statuses.getOrDefault(429, 0L), "every other answer is a 429: " + statuses),
                    () -> assertEquals(List.of(429, 429), List.copyOf(afterRestart.values()),
                            "new reports after the second instance restarted: " + afterRestart),
                    () -> assertEquals(deadLettersBefore, deadLettersAfter, "records on intake's dead-letter topics"),
                    () -> assertTrue(stoppedByItself, "the second instance ended its graceful stop by itself, before the "
                            + "launcher's kill 30 s after SIGTERM"));
            assertTrue(LEDGER.faults().isEmpty(), String.join("\n", LEDGER.faults()));
        } finally {
            second.stop();
        }
    }

    /** How many records each of intake's dead-letter topics holds (their end offsets). */
    private static Map<String, Long> intakeDeadLetters(String bootstrapServers) throws Exception {
        List<String> topics = org.gridwatch.contracts.Topics.all().stream().map(org.gridwatch.contracts.TopicSpec::name)
                .filter(name -> name.endsWith(".dlq.intake")).toList();
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new java.util.HashMap<>();
            topics.forEach(t -> latest.put(new org.apache.kafka.common.TopicPartition(t, 0),
                    org.apache.kafka.clients.admin.OffsetSpec.latest()));
            Map<String, Long> counts = new TreeMap<>();
            admin.listOffsets(latest).all().get(30, java.util.concurrent.TimeUnit.SECONDS)
                    .forEach((tp, info) -> counts.put(tp.topic(), info.offset()));
            return counts;
        }
    }
}
