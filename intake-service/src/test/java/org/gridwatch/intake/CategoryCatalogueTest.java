package org.gridwatch.intake;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.gridwatch.contracts.CloudEventHeaders;
import org.gridwatch.contracts.Priority;
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

/** Categories routing publishes reach intake's database through the real broker and show in its API. */
@QuarkusTest
@QuarkusTestResource(value = GridWatchTestResource.class, initArgs = @ResourceArg(name = "database", value = "intake_test"))
class CategoryCatalogueTest {

    @Inject
    ObjectMapper mapper;

    @Test
    void publishedCategoryIsListedAndItsRetirementHidesIt() throws Exception {
        String code = "TEST_" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        OffsetDateTime t0 = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        String reporter = DevJwt.forRole("reporter").subject("meituan:88231").sign();

        publish(category(code, "Blocked fire lane", true, t0));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(reporter)
                .get("/api/v1/categories").then().statusCode(200)
                .body("find { it.code == '" + code + "' }.nameEn", equalTo("Blocked fire lane"))
                .body("find { it.code == '" + code + "' }.priority", equalTo("P0"))
                .body("find { it.code == '" + code + "' }.dedupRadiusM", equalTo(50)));

        // An older state arriving late must not overwrite the newer one; the newer retirement hides it.
        publish(category(code, "Stale name", true, t0.minusHours(1)));
        publish(category(code, "Blocked fire lane", false, t0.plusMinutes(1)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(reporter)
                .get("/api/v1/categories").then().statusCode(200)
                .body("code", not(hasItem(code))));
    }

    @Test
    void reporterListsOnlyOwnReportsAndOthersAreRefused() {
        String reporter = DevJwt.forRole("reporter").subject("didi:" + UUID.randomUUID()).sign();
        given().auth().oauth2(reporter).get("/api/v1/reports").then().statusCode(200)
                .body("items.size()", equalTo(0))
                .body("nextCursor", nullValue());

        given().get("/api/v1/reports").then().statusCode(401);
        given().get("/api/v1/categories").then().statusCode(401);
        given().auth().oauth2(DevJwt.forRole("staff").dept("D-URBAN-YL").sign())
                .get("/api/v1/reports").then().statusCode(403);
        given().auth().oauth2(DevJwt.forRole("reporter").issuer("https://evil.example").sign())
                .get("/api/v1/reports").then().statusCode(401);
    }

    @Test
    void badPagingInputIsAProblemNamingTheField() {
        String reporter = DevJwt.forRole("reporter").sign();
        given().auth().oauth2(reporter).queryParam("cursor", "%%%not-base64")
                .get("/api/v1/reports").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("cursor"));
        given().auth().oauth2(reporter).queryParam("limit", 500)
                .get("/api/v1/reports").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("limit"));
        given().auth().oauth2(reporter).queryParam("limit", "fifty")
                .get("/api/v1/reports").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("limit"));
    }

    private static Category category(String code, String nameEn, boolean active, OffsetDateTime updatedAt) {
        return new Category(code, "消防通道堵塞", nameEn, Priority.P0, 50, 6, "Safety", List.of("fire lane"), active, updatedAt);
    }

    private void publish(Category category) throws Exception {
        TestKafka.send(Topics.CATEGORIES, category.key(), mapper.writeValueAsString(category),
                CloudEventHeaders.forEvent(category, "/gridwatch/test", category.updatedAt()));
    }
}
