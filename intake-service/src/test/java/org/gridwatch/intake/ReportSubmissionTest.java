package org.gridwatch.intake;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.gridwatch.contracts.CloudEventHeaders;
import org.gridwatch.contracts.EventSchemas;
import org.gridwatch.contracts.Topics;
import org.gridwatch.contracts.events.ReportSubmitted;
import org.gridwatch.infra.DevJwt;
import org.gridwatch.infra.testing.GridWatchTestResource;
import org.gridwatch.infra.testing.TestKafka;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** POST /api/v1/reports against the real broker and database: G1 acknowledged means on the topic, G2 retries are harmless. */
@QuarkusTest
@QuarkusTestResource(value = GridWatchTestResource.class, initArgs = @ResourceArg(name = "database", value = "intake_test"))
class ReportSubmissionTest {

    @Test
    void acceptedReportIsOnTheTopicKeyedByGeoCellWithCloudEventsHeadersAndAValidPayload() {
        String reporter = Reports.newReporter();
        UUID reportId = UUID.randomUUID();
        String submittedAt = Reports.post(reporter, Reports.body(reportId, "Manhole cover missing on the bike lane"))
                .statusCode(202)
                .header("Location", org.hamcrest.Matchers.endsWith("/api/v1/reports/" + reportId))
                .body("reportId", equalTo(reportId.toString()))
                .body("status", equalTo("SUBMITTED"))
                .body("submittedAt", notNullValue())
                .extract().path("submittedAt");

        List<ConsumerRecord<String, String>> records = TestKafka.readUntil(Topics.REPORTS,
                r -> r.value().contains(reportId.toString()), Duration.ofSeconds(30));
        ConsumerRecord<String, String> record = records.get(records.size() - 1);
        assertEquals("ww56sf", record.key(), "key is the 6-character geohash of 34.2045,117.2838");
        EventSchemas.assertValid(ReportSubmitted.class, record.value());
        assertEquals(ReportSubmitted.CE_TYPE, TestKafka.header(record, CloudEventHeaders.TYPE));
        assertEquals("/gridwatch/intake-service", TestKafka.header(record, CloudEventHeaders.SOURCE));
        assertEquals(reportId.toString(), TestKafka.header(record, CloudEventHeaders.SUBJECT));
        assertEquals("1.0", TestKafka.header(record, CloudEventHeaders.SPEC_VERSION));
        org.junit.jupiter.api.Assertions.assertTrue(record.value().contains("\"reporterId\":\"" + reporter + "\""));
        org.junit.jupiter.api.Assertions.assertTrue(record.value().contains("\"channel\":\"APP\""));

        given().auth().oauth2(Reports.token(reporter)).get("/api/v1/reports").then().statusCode(200)
                .body("items.reportId", hasItem(reportId.toString()))
                .body("items.find { it.reportId == '" + reportId + "' }.status", equalTo("SUBMITTED"))
                .body("items.find { it.reportId == '" + reportId + "' }.submittedAt", equalTo(submittedAt));
    }

    @Test
    void resendGetsTheSameReceiptAndPutsNoSecondReportOnTheTopic() {
        String reporter = Reports.newReporter();
        UUID reportId = UUID.randomUUID();
        String body = Reports.body(reportId, "Street light out");
        String first = Reports.post(reporter, body).statusCode(202).extract().asString();
        String second = Reports.post(reporter, body).statusCode(202).extract().asString();
        assertEquals(first, second);

        // The same content with the observation time in another offset is the same report.
        UUID marker = UUID.randomUUID();
        Reports.post(reporter, Reports.body(marker, "later report")).statusCode(202);
        List<ConsumerRecord<String, String>> records = TestKafka.readUntil(Topics.REPORTS,
                r -> r.value().contains(marker.toString()), Duration.ofSeconds(30));
        assertEquals(1, records.stream().filter(r -> r.value().contains(reportId.toString())).count());
    }

    @Test
    void sameIdWithADifferentBodyIsRefused() {
        String reporter = Reports.newReporter();
        UUID reportId = UUID.randomUUID();
        Reports.post(reporter, Reports.body(reportId, "Pothole")).statusCode(202);
        Reports.post(reporter, Reports.body(reportId, "Something else")).statusCode(422)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("reportId"));
        // Another reporter cannot take over the id either, nor learn anything from the answer but that it is taken.
        Reports.post(Reports.newReporter(), Reports.body(reportId, "Pothole")).statusCode(422)
                .body("errors[0].field", equalTo("reportId"));
    }

    @Test
    void idempotencyKeyIdentifiesAReportWithoutABodyId() {
        String reporter = Reports.newReporter();
        String body = Reports.body(UUID.randomUUID(), "x").replaceFirst("\"reportId\":\"[^\"]+\",", "");
        String key = "offline-queue-entry-" + UUID.randomUUID();
        String id1 = given().auth().oauth2(Reports.token(reporter)).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(body).post("/api/v1/reports").then().statusCode(202).extract().path("reportId");
        String id2 = given().auth().oauth2(Reports.token(reporter)).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(body).post("/api/v1/reports").then().statusCode(202).extract().path("reportId");
        assertEquals(id1, id2);
        String other = given().auth().oauth2(Reports.token(reporter)).contentType(ContentType.JSON)
                .body(body).post("/api/v1/reports").then().statusCode(202).extract().path("reportId");
        assertNotEquals(id1, other, "without a key or id every POST is a new report");
        given().auth().oauth2(Reports.token(reporter)).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(Reports.body(UUID.randomUUID(), "x")).post("/api/v1/reports").then().statusCode(422)
                .body("errors[0].field", equalTo("reportId"));
    }

    @Test
    void concurrentResendsAllGetTheSameReceiptAndOneReport() throws Exception {
        String reporter = Reports.newReporter();
        UUID reportId = UUID.randomUUID();
        String body = Reports.body(reportId, "Gas smell in the stairwell");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<String>> sends = java.util.Collections.nCopies(8,
                    () -> Reports.post(reporter, body).statusCode(202).extract().asString());
            List<String> receipts = new java.util.ArrayList<>();
            for (Future<String> f : pool.invokeAll(sends)) {
                receipts.add(f.get());
            }
            assertEquals(1, receipts.stream().distinct().count(), receipts.toString());
        } finally {
            pool.shutdownNow();
        }
        given().auth().oauth2(Reports.token(reporter)).get("/api/v1/reports").then().statusCode(200)
                .body("items.size()", equalTo(1));
    }

    @Test
    void ridersSubmittingAtOnceEachSeeTheirReportRightAfterThe202() throws Exception {
        // Acknowledgements are committed in groups (ReportAcknowledgements): a 202 still comes only after the
        // rider's own row is committed, so the read that follows it finds the report, however many share a commit.
        int riders = 24;
        ExecutorService pool = Executors.newFixedThreadPool(riders);
        try {
            List<Callable<Integer>> sends = new java.util.ArrayList<>();
            for (int i = 0; i < riders; i++) {
                String reporter = Reports.newReporter();
                UUID reportId = UUID.randomUUID();
                sends.add(() -> {
                    Reports.post(reporter, Reports.body(reportId, "Loose paving slab")).statusCode(202);
                    return given().auth().oauth2(Reports.token(reporter)).get("/api/v1/reports/{id}", reportId).statusCode();
                });
            }
            List<Integer> reads = new java.util.ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(sends)) {
                reads.add(f.get());
            }
            assertEquals(java.util.Collections.nCopies(riders, 200), reads);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void eachValidationRuleIsAProblemNamingTheField() {
        String reporter = Reports.newReporter();
        String valid = Reports.body(UUID.randomUUID(), "ok");
        assertField(reporter, valid.replace("\"MANHOLE_COVER\"", "\"NOT_A_CATEGORY\""), 422, "category");
        assertField(reporter, valid.replace("\"MANHOLE_COVER\"", "\"\""), 400, "category");
        assertField(reporter, valid.replace("\"description\":\"ok\"", "\"description\":\"" + "x".repeat(4001) + "\""), 400, "description");
        assertField(reporter, valid.replace("\"description\":\"ok\",", ""), 400, "description");
        assertField(reporter, valid.replace("\"lat\":34.2045", "\"lat\":90.5"), 400, "location.lat");
        assertField(reporter, valid.replace("\"lon\":117.2838", "\"lon\":-180.01"), 400, "location.lon");
        assertField(reporter, valid.replace("\"lat\":34.2045,", ""), 400, "location.lat");
        assertField(reporter, valid.replace("\"lat\":34.2045", "\"lat\":\"NaN\""), 400, "location.lat");
        assertField(reporter, valid.replace("\"lat\":34.2045", "\"lat\":1e400"), 400, "location.lat");
        assertField(reporter, valid.replace("\"accuracyM\":8", "\"accuracyM\":-1"), 400, "location.accuracyM");
        assertField(reporter, valid.replace("\"location\":{\"lat\":34.2045,\"lon\":117.2838,\"accuracyM\":8},", ""), 400, "location");
        assertField(reporter, valid.replace("[\"https://media.example.cn/r/1.jpg\"]", "[" + "\"https://m.example/a.jpg\",".repeat(10) + "\"https://m.example/b.jpg\"]"), 400, "mediaUrls");
        assertField(reporter, valid.replace("https://media.example.cn/r/1.jpg", "javascript:alert(1)"), 400, "mediaUrls[0]");
        assertField(reporter, valid.replace("\"reportId\":\"", "\"reportId\":\"not-a-uuid-"), 400, "reportId");
        assertField(reporter, valid.replace("\"address\":\"Zhongshan N Rd 18\"", "\"address\":" + "\"" + "a".repeat(501) + "\""), 400, "address");
        String now = OffsetDateTime.now(ZoneOffset.UTC).toString();
        assertField(reporter, valid.replace("\"address\":", "\"observedAt\":\"" + OffsetDateTime.now(ZoneOffset.UTC).plusHours(1) + "\",\"address\":"), 422, "observedAt");
        assertField(reporter, valid.replace("\"address\":", "\"observedAt\":\"" + OffsetDateTime.now(ZoneOffset.UTC).minusDays(31) + "\",\"address\":"), 422, "observedAt");
        assertField(reporter, valid.replace("\"address\":", "\"observedAt\":\"yesterday\",\"address\":"), 400, "observedAt");
        // A number is not a date-time (Jackson would read it as epoch seconds).
        assertField(reporter, valid.replace("\"address\":", "\"observedAt\":" + OffsetDateTime.now(ZoneOffset.UTC).toEpochSecond()
                + ",\"address\":"), 400, "observedAt");
        Reports.post(reporter, valid.replace("\"address\":", "\"observedAt\":\"" + now + "\",\"address\":")).statusCode(202);
    }

    @Test
    void malformedOrMissingBodiesAndWrongCallersAreRefusedClearly() {
        String reporter = Reports.newReporter();
        Reports.post(reporter, "{\"category\": ").statusCode(400).contentType("application/problem+json");
        Reports.post(reporter, "[]").statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(Reports.token(reporter)).contentType(ContentType.JSON).post("/api/v1/reports")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(Reports.token(reporter)).contentType(ContentType.TEXT).body("hello").post("/api/v1/reports")
                .then().statusCode(415);
        given().auth().oauth2(Reports.token(reporter)).contentType(ContentType.JSON)
                .body("{\"description\":\"" + "x".repeat(70_000) + "\"}").post("/api/v1/reports")
                .then().statusCode(413);
        given().contentType(ContentType.JSON).body(Reports.body(UUID.randomUUID(), "x")).post("/api/v1/reports")
                .then().statusCode(401);
        given().auth().oauth2(DevJwt.forRole("staff").dept("D-URBAN").sign()).contentType(ContentType.JSON)
                .body(Reports.body(UUID.randomUUID(), "x")).post("/api/v1/reports").then().statusCode(403);
    }

    @Test
    void categoriesFallBackToTheInitialCatalogueUntilRoutingPublishesOne() {
        given().auth().oauth2(Reports.token(Reports.newReporter())).get("/api/v1/categories").then().statusCode(200)
                .body("code", hasItem("ACCESS_OBSTACLE"));
    }

    private static void assertField(String reporter, String body, int status, String field) {
        Reports.post(reporter, body).statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("errors.field", hasItem(field));
    }
}
