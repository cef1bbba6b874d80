package org.gridwatch.routing;

import static io.restassured.RestAssured.given;
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

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.gridwatch.contracts.CloudEventHeaders;
import org.gridwatch.contracts.EventSchemas;
import org.gridwatch.contracts.Topics;
import org.gridwatch.contracts.events.Category;
import org.gridwatch.infra.DevJwt;
import org.gridwatch.infra.testing.GridWatchTestResource;
import org.gridwatch.infra.testing.TestKafka;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** The catalogue goes out on its topic, poison reports go to the DLQ, decisions are for admins only. */
@QuarkusTest
@QuarkusTestResource(value = GridWatchTestResource.class, initArgs = @ResourceArg(name = "database", value = "routing_test"))
class RoutingBasicsTest {

    @Test
    void onlyAdminsMayReadDecisionsAndUnknownReportsAreProblems() {
        given().get("/api/v1/routing/decisions/{id}", UUID.randomUUID()).then().statusCode(401);
        given().auth().oauth2(DevJwt.forRole("supervisor").area("YL").sign())
                .get("/api/v1/routing/decisions/{id}", UUID.randomUUID()).then().statusCode(403);
        given().auth().oauth2(DevJwt.forRole("admin").sign())
                .get("/api/v1/routing/decisions/{id}", UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404));
        given().auth().oauth2(DevJwt.forRole("admin").sign())
                .get("/api/v1/routing/decisions/{id}", "not-a-uuid").then().statusCode(404);
    }

    @Test
    void aNulInAPathOrABodyIsA400AndChangesNothing() {
        String admin = DevJwt.forRole("admin").sign();
        // PostgreSQL refuses U+0000 in any text parameter; that is the caller's error, never a 500.
        given().auth().oauth2(admin).get("/api/v1/categories/{code}", "OTHER\u0000").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(admin).get("/api/v1/departments/{id}", "D-\u0000").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(admin).delete("/api/v1/routing-rules/{id}", "R-\u0000").then().statusCode(400)
                .contentType("application/problem+json");
        String before = given().auth().oauth2(admin).get("/api/v1/categories/{code}", "CIVIC_SUGGESTION").then()
                .statusCode(200).extract().path("nameEn");
        given().auth().oauth2(admin).contentType("application/json")
                .body("{\"nameZh\":\"建议\\u0000\",\"nameEn\":\"x\",\"priority\":\"P3\",\"dedupRadiusM\":0,"
                        + "\"dedupWindowHours\":0,\"active\":true}")
                .put("/api/v1/categories/{code}", "CIVIC_SUGGESTION").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(admin).get("/api/v1/categories/{code}", "CIVIC_SUGGESTION").then().statusCode(200)
                .body("nameEn", equalTo(before));
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

    @Test
    void adminChangesACategoryAndTheNewStateIsPublished() {
        String admin = DevJwt.forRole("admin").sign();
        given().auth().oauth2(admin).contentType("application/json")
                .body("{\"nameZh\":\"积水内涝\",\"nameEn\":\"Flooding and waterlogging\",\"priority\":\"P0\","
                        + "\"dedupRadiusM\":400,\"dedupWindowHours\":12,\"open311Group\":\"Water\",\"keywords\":[\"flood\"],\"active\":true}")
                .put("/api/v1/categories/{code}", "FLOODING").then().statusCode(200)
                .body("dedupRadiusM", equalTo(400)).body("priority", equalTo("P0"));
        List<ConsumerRecord<String, String>> records = TestKafka.readUntil(Topics.CATEGORIES,
                r -> "FLOODING".equals(r.key()) && r.value().contains("\"dedupRadiusM\":400"), Duration.ofSeconds(30));
        EventSchemas.assertValid(Category.class, records.get(records.size() - 1).value());
        given().auth().oauth2(DevJwt.forRole("reporter").sign()).get("/api/v1/categories/{code}", "FLOODING")
                .then().statusCode(200).body("nameEn", equalTo("Flooding and waterlogging"));
        given().auth().oauth2(DevJwt.forRole("staff").dept("D-X").sign()).contentType("application/json").body("{}")
                .put("/api/v1/categories/{code}", "FLOODING").then().statusCode(403);
        given().auth().oauth2(admin).contentType("application/json")
                .body("{\"nameZh\":\"\",\"nameEn\":\"x\",\"priority\":\"P9\",\"dedupRadiusM\":-1,\"dedupWindowHours\":1,\"active\":true}")
                .put("/api/v1/categories/{code}", "FLOODING").then().statusCode(400).contentType("application/problem+json");
    }
}
