package org.gridwatch.routing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.gridwatch.routing.TestCity.x;
import static org.gridwatch.routing.TestCity.y;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import jakarta.inject.Inject;

import org.gridwatch.infra.DevJwt;
import org.gridwatch.infra.testing.GridWatchTestResource;
import org.gridwatch.routing.domain.AreaImportValidator;
import org.gridwatch.routing.service.AreaDirectory;
import org.gridwatch.routing.service.AreaStore;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * The area hierarchy over REST: import, read, locate, refused imports that change nothing, and a
 * replacing import. Every import replaces the whole hierarchy, so all area tests live in this class;
 * each starts with its own city (fresh codes) and no other test class may depend on areas.
 */
@QuarkusTest
@QuarkusTestResource(value = GridWatchTestResource.class, initArgs = @ResourceArg(name = "database", value = "routing_areas_test"))
class AreaApiTest {

    private static final String ADMIN = DevJwt.forRole("admin").sign();
    private static final String REPORTER = DevJwt.forRole("reporter").subject("meituan:88231").sign();

    @Inject
    AreaDirectory directory;

    @Inject
    AreaStore store;

    @Test
    void importedCityLocatesPointsAndAnswersItsAreas() {
        TestCity city = TestCity.fresh();
        put(city.json()).statusCode(200)
                .body("version", greaterThan(0)).body("areas", equalTo(13)).body("grids", equalTo(6));

        locate(y(0) + 0.005, x(0) + 0.005, REPORTER)
                .body("gridCode", equalTo(city.grid(0, 0)))
                .body("areaPath", equalTo(city.pathOf(0, 0)))
                .body("unlocated", equalTo(false));

        given().auth().oauth2(DevJwt.forRole("staff").dept("D-URBAN").sign())
                .get("/api/v1/areas/{code}", city.grid(1, 2)).then().statusCode(200)
                .contentType("application/geo+json")
                .body("type", equalTo("Feature"))
                .body("geometry.type", equalTo("Polygon"))
                .body("geometry.coordinates[0][0]", contains((float) x(2), (float) y(1)))
                .body("properties.code", equalTo(city.grid(1, 2)))
                .body("properties.level", equalTo("GRID"))
                .body("properties.parentCode", equalTo(city.code("-B-S-C")))
                .body("properties.path", equalTo(city.pathOf(1, 2)));
        given().auth().oauth2(DevJwt.forRole("supervisor").area(city.city()).sign())
                .get("/api/v1/areas/{code}", city.city()).then().statusCode(200)
                .body("properties.level", equalTo("CITY"))
                .body("properties.parentCode", nullValue())
                .body("properties.path", contains(city.city()));
    }

    @Test
    void edgeAndCornerPointsResolveToTheSmallestGridCodeEveryTime() {
        TestCity city = TestCity.fresh();
        put(city.json()).statusCode(200);
        for (int i = 0; i < 3; i++) {
            locate(y(1), x(1) + 0.005, ADMIN).body("gridCode", equalTo(city.grid(1, 1))); // G2 | G3 edge
            locate(y(1), x(2), ADMIN).body("gridCode", equalTo(city.grid(0, 2)))          // G3, G1, G2, G4 corner
                    .body("areaPath", equalTo(city.pathOf(0, 2)));
        }
    }

    @Test
    void pointOutsideEveryGridIsUnlocatedWithTheCityAsPath() {
        TestCity city = TestCity.fresh();
        put(city.json()).statusCode(200);
        locate(22.5, 113.9, REPORTER)
                .body("gridCode", nullValue())
                .body("areaPath", contains(city.city()))
                .body("unlocated", equalTo(true));
    }

    @Test
    void badCoordinatesAreProblemsNamingTheField() {
        given().auth().oauth2(REPORTER).queryParam("lon", "114.0").get("/api/v1/areas/locate").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", contains("lat"));
        given().auth().oauth2(REPORTER).queryParam("lat", "NaN").queryParam("lon", "181").get("/api/v1/areas/locate")
                .then().statusCode(400).body("errors.field", contains("lat", "lon"));
        given().auth().oauth2(REPORTER).queryParam("lat", "north").queryParam("lon", "114").get("/api/v1/areas/locate")
                .then().statusCode(400).body("errors[0].field", equalTo("lat"));
    }

    @Test
    void selfIntersectingPolygonIsRefusedAndTheOldAreasStay() {
        assertRefusedAndNothingChanged(c -> c.feature(7).set("geometry", TestCity.selfIntersecting()),
                7, "-G5", "geometry is not valid: Self-intersection");
    }

    @Test
    void unknownParentIsRefusedAndTheOldAreasStay() {
        assertRefusedAndNothingChanged(c -> c.properties(9).put("parentCode", "NOPE"), 9, "-G1", "parent NOPE unknown");
    }

    @Test
    void secondCityIsRefusedAndTheOldAreasStay() {
        assertRefusedAndNothingChanged(c -> c.features().add(
                        TestCity.feature(c.code("-X"), "Second city", "CITY", null, TestCity.square(5, 5, 1, 1))),
                13, "-X", "a second CITY");
    }

    @Test
    void skippedLevelIsRefusedAndTheOldAreasStay() {
        assertRefusedAndNothingChanged(c -> c.properties(10).put("parentCode", c.code("-A-S")),
                10, "-G6", "parent %s-A-S is a STREET");
    }

    @Test
    void duplicateCodeIsRefusedAndTheOldAreasStay() {
        assertRefusedAndNothingChanged(c -> c.properties(12).put("code", c.grid(0, 0)), 12, "-G5", "duplicate code");
    }

    @Test
    void bodyThatIsNotJsonIsABadRequestAndNotAFeatureCollectionIsRefused() {
        given().auth().oauth2(ADMIN).contentType("application/geo+json").body("{\"type\":").put("/api/v1/areas")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(ADMIN).contentType("application/json").body("{\"type\":\"Feature\"}").put("/api/v1/areas")
                .then().statusCode(422).body("errors[0].field", equalTo("features"));
    }

    @Test
    void secondImportReplacesTheFirstWhole() {
        TestCity first = TestCity.fresh();
        int v1 = put(first.json()).statusCode(200).extract().path("version");
        TestCity second = TestCity.fresh();
        int v2 = put(second.json()).statusCode(200).extract().path("version");
        assertEquals(true, v2 > v1);

        for (String gone : List.of(first.city(), first.code("-A"), first.grid(0, 0))) {
            given().auth().oauth2(ADMIN).get("/api/v1/areas/{code}", gone).then().statusCode(404)
                    .contentType("application/problem+json");
        }
        given().auth().oauth2(ADMIN).get("/api/v1/areas/{code}", second.grid(0, 0)).then().statusCode(200);
        locate(y(0) + 0.005, x(0) + 0.005, ADMIN).body("areaPath", equalTo(second.pathOf(0, 0)));
    }

    @Test
    void importSurvivesAReloadFromTheDatabase() {
        TestCity city = TestCity.fresh();
        put(city.json()).statusCode(200);
        directory.reload(); // what a restarted instance does: the rows, not the memory, answer now
        locate(y(1), x(2), ADMIN).body("gridCode", equalTo(city.grid(0, 2)));
        given().auth().oauth2(ADMIN).get("/api/v1/areas/{code}", city.grid(1, 1)).then().statusCode(200)
                .body("geometry.coordinates[0][2]", contains((float) x(2), (float) y(2)));
    }

    @Test
    void importMadeByAnotherInstanceIsPickedUpWithinTheRefreshInterval() {
        TestCity mine = TestCity.fresh();
        put(mine.json()).statusCode(200);
        TestCity theirs = TestCity.fresh();
        // what another routing instance's import leaves in the shared database
        store.replaceAll(new AreaImportValidator().validate(theirs.collection).areas(), "another-instance");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                locate(y(0) + 0.005, x(0) + 0.005, ADMIN).body("gridCode", equalTo(theirs.grid(0, 0))));
        given().auth().oauth2(ADMIN).get("/api/v1/areas/{code}", mine.city()).then().statusCode(404);
    }

    @Test
    void onlyAdminsImportAndReportersDoNotReadAreas() {
        String body = TestCity.fresh().json();
        given().contentType("application/geo+json").body(body).put("/api/v1/areas").then().statusCode(401);
        given().auth().oauth2(REPORTER).contentType("application/geo+json").body(body).put("/api/v1/areas").then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(REPORTER).get("/api/v1/areas/{code}", "ANY").then().statusCode(403);
        given().queryParam("lat", 22.6).queryParam("lon", 114.0).get("/api/v1/areas/locate").then().statusCode(401);
    }

    @Test
    void anImportOfMoreFeaturesThanACityHasIsRefusedWith413BeforeItIsRead() throws Exception {
        TestCity city = TestCity.fresh();
        put(city.json()).statusCode(200);
        long version = directory.version();
        // 100,001 features (the default limit is 100,000), each small: about 9 MB of GeoJSON
        StringBuilder body = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
        for (int i = 0; i <= 100_000; i++) {
            body.append(i == 0 ? "" : ",").append("{\"type\":\"Feature\",\"properties\":{\"code\":\"F").append(i)
                    .append("\",\"name\":\"f\",\"level\":\"GRID\",\"parentCode\":\"P\"},\"geometry\":null}");
        }
        body.append("]}");
        JsonNode problem = putLarge(body.toString(), 413);
        assertEquals(413, problem.path("status").asInt(), problem.toString());
        assertEquals("features", problem.path("errors").path(0).path("field").asText(), problem.toString());
        assertEquals(version, directory.version());
    }

    @Test
    void anImportWithMoreVerticesThanTheLimitIsRefusedWith413() throws Exception {
        TestCity city = TestCity.fresh();
        // one ring of 1,500,001 vertices (the default limit of a whole import is 1,500,000)
        StringBuilder ring = new StringBuilder("[");
        for (int i = 0; i <= 1_500_000; i++) {
            ring.append(i == 0 ? "" : ",").append("[114.0,22.6]");
        }
        ring.append("]");
        String body = city.json().replaceFirst("\\{\"type\":\"Polygon\",\"coordinates\":\\[\\[",
                java.util.regex.Matcher.quoteReplacement("{\"type\":\"Polygon\",\"coordinates\":[" + ring + ",["));
        JsonNode problem = putLarge(body, 413);
        assertEquals("features", problem.path("errors").path(0).path("field").asText(), problem.toString());
        assertTrue(problem.path("errors").path(0).path("message").asText().contains("at most 1500000 are accepted"), problem.toString());
    }

    /**
     * PUTs a body of many MB with the JDK's client (REST-assured keeps a pretty-printed copy of every request for its
     * failure log, which a 20 MB body would turn into an out-of-memory error in the test itself); asserts the status
     * and that the answer is problem+json, and returns it.
     */
    private static JsonNode putLarge(String body, int status) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + io.restassured.RestAssured.port + "/api/v1/areas"))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/geo+json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(status, answer.statusCode(), Short.of(answer.body()));
        assertTrue(answer.headers().firstValue("content-type").orElse("").startsWith("application/problem+json"), answer.headers().toString());
        return new ObjectMapper().readTree(answer.body());
    }

    /** Keeps assertion messages short. */
    private static final class Short {
        static String of(String s) {
            return s.length() <= 500 ? s : s.substring(0, 500) + "...";
        }
    }

    /** {@code message} may name the bad city's prefix as {@code %s}. */
    private void assertRefusedAndNothingChanged(Consumer<TestCity> breakIt, int index, String codeSuffix, String message) {
        TestCity good = TestCity.fresh();
        put(good.json()).statusCode(200);
        TestCity bad = TestCity.fresh();
        breakIt.accept(bad);
        put(bad.json()).statusCode(422)
                .contentType("application/problem+json")
                .body("status", equalTo(422))
                .body("errors.field", hasItem("features[" + index + "]"))
                .body("errors.find { it.field == 'features[" + index + "]' }.message", startsWith(bad.code(codeSuffix) + ": " + String.format(message, bad.prefix)));

        given().auth().oauth2(ADMIN).get("/api/v1/areas/{code}", good.city()).then().statusCode(200);
        given().auth().oauth2(ADMIN).get("/api/v1/areas/{code}", bad.city()).then().statusCode(404);
        locate(y(0) + 0.005, x(0) + 0.005, ADMIN).body("gridCode", equalTo(good.grid(0, 0)));
        directory.reload(); // and the database still holds the good import, not a half-replaced one
        locate(y(0) + 0.005, x(0) + 0.005, ADMIN).body("gridCode", equalTo(good.grid(0, 0)));
    }

    private static ValidatableResponse put(String body) {
        return given().auth().oauth2(ADMIN).contentType("application/geo+json").body(body).put("/api/v1/areas").then();
    }

    private static ValidatableResponse locate(double lat, double lon, String token) {
        return given().auth().oauth2(token).queryParam("lat", lat).queryParam("lon", lon)
                .get("/api/v1/areas/locate").then().statusCode(200);
    }
}
