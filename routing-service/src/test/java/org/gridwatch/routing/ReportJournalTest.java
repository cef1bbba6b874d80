package org.gridwatch.routing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.gridwatch.contracts.CloudEventHeaders;
import org.gridwatch.contracts.EventSchemas;
import org.gridwatch.contracts.Topics;
import org.gridwatch.contracts.events.Category;
import org.gridwatch.contracts.events.GeoPoint;
import org.gridwatch.contracts.events.ReportChannel;
import org.gridwatch.contracts.events.ReportSubmitted;
import org.gridwatch.infra.DevJwt;
import org.gridwatch.infra.testing.GridWatchTestResource;
import org.gridwatch.infra.testing.TestKafka;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** Reports cross the real broker into routing's database once each; the catalogue goes out on its topic. */
@QuarkusTest
@QuarkusTestResource(value = GridWatchTestResource.class, initArgs = @ResourceArg(name = "database", value = "routing_test"))
class ReportJournalTest {

    private static final OffsetDateTime NOW = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);

    @Inject
    ObjectMapper mapper;

    @Test
    void submittedReportIsRecordedOnceEvenWhenResentAndRedelivered() throws Exception {
        ReportSubmitted first = report(UUID.randomUUID(), "Manhole cover missing outside exit B");
        publish(first);
        String admin = DevJwt.forRole("admin").sign();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(admin)
                .get("/api/v1/routing/reports/{id}", first.reportId()).then().statusCode(200));

        // The app resends (new event id, same reportId) and Kafka redelivers the original.
        publish(new ReportSubmitted(UUID.randomUUID(), first.reportId(), first.reporterId(), first.channel(),
                "ROAD_DAMAGE", "resent", new GeoPoint(0, 0, null), null, null, NOW.plusHours(1), List.of(), Map.of(), "s00000"));
        publish(first);
        // A later report on the same partition proves the resends were consumed before we look.
        ReportSubmitted later = report(UUID.randomUUID(), "later");
        publish(later);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(admin)
                .get("/api/v1/routing/reports/{id}", later.reportId()).then().statusCode(200));

        given().auth().oauth2(admin).get("/api/v1/routing/reports/{id}", first.reportId())
                .then().statusCode(200)
                .body("category", equalTo("MANHOLE_COVER"))
                .body("reporterId", equalTo("meituan:88231"))
                .body("location.lat", equalTo(22.6583f))
                .body("geoCell", equalTo("ws105r"));
    }

    @Test
    void onlyAdminsMayLookAndUnknownReportsAreProblems() {
        given().get("/api/v1/routing/reports/{id}", UUID.randomUUID()).then().statusCode(401);
        given().auth().oauth2(DevJwt.forRole("supervisor").area("YL").sign())
                .get("/api/v1/routing/reports/{id}", UUID.randomUUID()).then().statusCode(403);
        given().auth().oauth2(DevJwt.forRole("admin").sign())
                .get("/api/v1/routing/reports/{id}", UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404));
    }

    @Test
    void poisonReportGoesToTheDeadLetterTopic() {
        String marker = "poison-" + UUID.randomUUID();
        TestKafka.send(Topics.REPORTS, "s00000", "{\"reportId\":\"" + marker + "\"}", Map.of());
        TestKafka.readUntil(Topics.REPORTS_DLQ_ROUTING, r -> r.value().contains(marker), Duration.ofSeconds(30));
    }

    @Test
    void catalogueIsPublishedWithCloudEventsHeadersAndValidPayloads() {
        List<ConsumerRecord<String, String>> records = TestKafka.readUntil(Topics.CATEGORIES,
                r -> "MANHOLE_COVER".equals(r.key()), Duration.ofSeconds(30));
        ConsumerRecord<String, String> manhole = records.get(records.size() - 1);
        EventSchemas.assertValid(Category.class, manhole.value());
        assertEquals(Category.CE_TYPE, TestKafka.header(manhole, CloudEventHeaders.TYPE));
        assertEquals("MANHOLE_COVER", TestKafka.header(manhole, CloudEventHeaders.SUBJECT));
        assertEquals("/gridwatch/routing-service", TestKafka.header(manhole, CloudEventHeaders.SOURCE));
        assertEquals("1.0", TestKafka.header(manhole, CloudEventHeaders.SPEC_VERSION));
        assertTrue(manhole.value().contains("\"dedupRadiusM\":20"), manhole.value());
    }

    private static ReportSubmitted report(UUID reportId, String description) {
        return new ReportSubmitted(UUID.randomUUID(), reportId, "meituan:88231", ReportChannel.APP, "MANHOLE_COVER",
                description, new GeoPoint(22.6583, 114.0257, 8.0), "Longhua Ave 268", NOW.minusMinutes(3), NOW,
                List.of(), Map.of(), "ws105r");
    }

    private void publish(ReportSubmitted event) throws Exception {
        TestKafka.send(Topics.REPORTS, event.key(), mapper.writeValueAsString(event),
                CloudEventHeaders.forEvent(event, "/gridwatch/test", NOW));
    }
}
