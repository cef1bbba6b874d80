package org.gridwatch.intake.open311;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.Map;

import org.gridwatch.infra.testing.GridWatchTestResource;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A jurisdiction that keeps requests to its registered clients ({@code gridwatch.open311.reads-require-api-key}):
 * reading takes a valid api_key, and then shows every client's requests; its discovery document names the address
 * and type it is configured with.
 */
@QuarkusTest
@TestProfile(Open311KeyedReadsTest.KeyedReads.class)
@QuarkusTestResource(value = GridWatchTestResource.class, initArgs = @ResourceArg(name = "database", value = "intake_open311_keyed_test"))
class Open311KeyedReadsTest {

    /** Reads need a key; the endpoint sits behind a proxy at the city's address. */
    public static class KeyedReads implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gridwatch.open311.reads-require-api-key", "true",
                    "gridwatch.open311.discovery.endpoint-url", "https://api.city.example/open311/v2",
                    "gridwatch.open311.discovery.type", "test");
        }
    }

    @Test
    void readingTakesARegisteredClientsKeyAndShowsEveryClientsRequests() {
        String id = given().contentType("application/x-www-form-urlencoded").formParam("api_key", "dev-hotline-key")
                .formParam("service_code", "ROAD_DAMAGE").formParam("lat", "22.5").formParam("long", "114.1")
                .formParam("description", "Pothole behind the market")
                .post("/open311/v2/requests.json").then().statusCode(201).extract().path("[0].service_request_id");

        given().get("/open311/v2/requests/" + id + ".json").then().statusCode(403).contentType(startsWith("application/json"))
                .body("[0].code", equalTo(403))
                .body("[0].description", equalTo("api_key is required"));
        given().queryParam("api_key", "not-a-key").get("/open311/v2/requests.xml").then().statusCode(403)
                .body("errors.error[0].description", equalTo("Invalid api_key"));
        given().queryParam("api_key", "test-partner-key").get("/open311/v2/requests/" + id + ".json").then().statusCode(200)
                .body("[0].service_request_id", equalTo(id));
        given().queryParam("api_key", "test-partner-key").queryParam("service_request_id", id)
                .get("/open311/v2/requests.json").then().statusCode(200)
                .body("[0].service_request_id", equalTo(id));
        // The service list stays open: it is what a client needs before it has a key.
        given().get("/open311/v2/services.json").then().statusCode(200);
    }

    @Test
    void discoveryNamesTheConfiguredAddressAndType() {
        given().get("/open311/discovery.json").then().statusCode(200)
                .body("endpoints[0].url", equalTo("https://api.city.example/open311/v2"))
                .body("endpoints[0].type", equalTo("test"));
    }
}
