package org.gridwatch.intake.open311;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.gridwatch.contracts.CloudEventHeaders;
import org.gridwatch.contracts.EventSchemas;
import org.gridwatch.contracts.Priority;
import org.gridwatch.contracts.Topics;
import org.gridwatch.contracts.events.Category;
import org.gridwatch.contracts.events.ReportSubmitted;
import org.gridwatch.infra.testing.GridWatchTestResource;
import org.gridwatch.infra.testing.TestKafka;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/** Open311 GeoReport v2: services from the catalogue, requests into the report flow, errors as the spec's array. */
@QuarkusTest
@QuarkusTestResource(value = GridWatchTestResource.class, initArgs = @ResourceArg(name = "database", value = "intake_open311_test"))
class Open311Test {

    private static final String HOTLINE_KEY = "dev-hotline-key";
    private static final String PARTNER_KEY = "test-partner-key";
    private static final String JSON = "application/json";
    private static final String XML = "application/xml";

    @Inject
    ObjectMapper mapper;

    @Test
    void listsEachActiveCategoryAsAServiceInJsonAndXml() {
        String code = activeService("Road Works");

        given().get("/open311/v2/services.json").then().statusCode(200).contentType(startsWith(JSON))
                .body("find { it.service_code == '" + code + "' }.service_name", equalTo("Blocked fire lane"))
                .body("find { it.service_code == '" + code + "' }.description", equalTo("消防通道堵塞: fire lane, blocked exit"))
                .body("find { it.service_code == '" + code + "' }.metadata", equalTo(false))
                .body("find { it.service_code == '" + code + "' }.type", equalTo("realtime"))
                .body("find { it.service_code == '" + code + "' }.keywords", equalTo("fire lane,blocked exit"))
                .body("find { it.service_code == '" + code + "' }.group", equalTo("Road Works"));

        given().get("/open311/v2/services.xml").then().statusCode(200).contentType(startsWith(XML))
                .body("services.service.find { it.service_code == '" + code + "' }.service_name", equalTo("Blocked fire lane"))
                .body("services.service.find { it.service_code == '" + code + "' }.metadata", equalTo("false"))
                .body("services.service.find { it.service_code == '" + code + "' }.type", equalTo("realtime"))
                .body("services.service.find { it.service_code == '" + code + "' }.keywords", equalTo("fire lane,blocked exit"))
                .body("services.service.find { it.service_code == '" + code + "' }.group", equalTo("Road Works"));
    }

    @Test
    void definesAKnownServiceWithoutAttributesAndRefusesAnUnknownOneWith404() {
        String code = activeService("Safety");

        given().get("/open311/v2/services/" + code + ".json").then().statusCode(200).contentType(startsWith(JSON))
                .body("service_code", equalTo(code))
                .body("attributes", empty());
        given().get("/open311/v2/services/" + code + ".xml").then().statusCode(200).contentType(startsWith(XML))
                .body("service_definition.service_code", equalTo(code))
                .body("service_definition.attributes.size()", equalTo(1))
                .body("service_definition.attributes.attribute.size()", equalTo(0));

        given().get("/open311/v2/services/NO_SUCH_SERVICE.json").then().statusCode(404).contentType(startsWith(JSON))
                .body("[0].code", equalTo(404))
                .body("[0].description", containsString("NO_SUCH_SERVICE"));
        given().get("/open311/v2/services/NO_SUCH_SERVICE.xml").then().statusCode(404).contentType(startsWith(XML))
                .body("errors.error[0].code", equalTo("404"))
                .body("errors.error[0].description", containsString("NO_SUCH_SERVICE"));
    }

    @Test
    void postedRequestEntersTheReportFlowAndItsClientReadsItBackAsOpen() throws Exception {
        String code = activeService("Safety");
        String account = "caller-" + UUID.randomUUID();
        String description = "井盖缺失 at the north gate " + UUID.randomUUID();

        String id = form(HOTLINE_KEY)
                .formParam("jurisdiction_id", "gridwatch.local")
                .formParam("service_code", code)
                .formParam("lat", "22.7213")
                .formParam("long", "114.2465")
                .formParam("address_string", "Longgang Avenue 1")
                .formParam("description", description)
                .formParam("media_url", "https://img.example/cover.jpg")
                .formParam("account_id", account)
                .formParam("email", "caller@example.com")
                .post("/open311/v2/requests.json").then().statusCode(201).contentType(startsWith(JSON))
                .header("Location", containsString("/open311/v2/requests/"))
                .body("", hasSize(1))
                .body("[0].account_id", equalTo(account))
                .body("[0].service_notice", notNullValue())
                .extract().path("[0].service_request_id");

        List<ConsumerRecord<String, String>> records = TestKafka.readUntil(Topics.REPORTS,
                r -> r.value().contains(id), Duration.ofSeconds(30));
        String value = records.get(records.size() - 1).value();
        EventSchemas.assertValid(ReportSubmitted.class, value);
        JsonNode event = mapper.readTree(value);
        assertEquals("OPEN311", event.get("channel").asText());
        assertEquals("open311:hotline:" + account, event.get("reporterId").asText());
        assertEquals(code, event.get("category").asText());
        assertEquals(description, event.get("description").asText());
        assertEquals(22.7213, event.get("location").get("lat").asDouble());
        assertEquals(114.2465, event.get("location").get("lon").asDouble());
        assertEquals(0, event.get("attributes").size(), "contact details stay with the client");

        given().queryParam("api_key", HOTLINE_KEY).queryParam("service_request_id", "not-an-id," + id)
                .get("/open311/v2/requests.json").then().statusCode(200).contentType(startsWith(JSON))
                .body("", hasSize(1))
                .body("[0].service_request_id", equalTo(id))
                .body("[0].status", equalTo("open"))
                .body("[0].status_notes", equalTo("SUBMITTED"))
                .body("[0].service_code", equalTo(code))
                .body("[0].service_name", equalTo("Blocked fire lane"))
                .body("[0].description", equalTo(description))
                .body("[0].agency_responsible", nullValue())
                .body("[0].address", equalTo("Longgang Avenue 1"))
                .body("[0].lat", equalTo(22.7213f))
                .body("[0].long", equalTo(114.2465f))
                .body("[0].media_url", equalTo("https://img.example/cover.jpg"))
                .body("[0].requested_datetime", notNullValue());

        given().queryParam("api_key", HOTLINE_KEY).queryParam("service_code", code).queryParam("status", "open")
                .get("/open311/v2/requests.xml").then().statusCode(200).contentType(startsWith(XML))
                .body("service_requests.request.find { it.service_request_id == '" + id + "' }.status", equalTo("open"))
                .body("service_requests.request.find { it.service_request_id == '" + id + "' }.long", equalTo("114.2465"));
        given().queryParam("api_key", HOTLINE_KEY).queryParam("service_code", code).queryParam("status", "closed")
                .get("/open311/v2/requests.json").then().statusCode(200)
                .body("service_request_id", not(hasItem(id)));

        given().queryParam("api_key", HOTLINE_KEY).get("/open311/v2/requests/" + id + ".json")
                .then().statusCode(200).contentType(startsWith(JSON))
                .body("", hasSize(1))
                .body("[0].service_request_id", equalTo(id))
                .body("[0].status", equalTo("open"));
        given().queryParam("api_key", HOTLINE_KEY).get("/open311/v2/requests/" + id + ".xml")
                .then().statusCode(200).contentType(startsWith(XML))
                .body("service_requests.request.size()", equalTo(1))
                .body("service_requests.request[0].service_request_id", equalTo(id))
                .body("service_requests.request[0].status", equalTo("open"))
                .body("service_requests.request[0].agency_responsible", equalTo(""));
    }

    @Test
    void anotherClientsRequestIsNotVisible() {
        String code = activeService("Safety");
        String id = form(HOTLINE_KEY).formParam("service_code", code).formParam("lat", "22.5").formParam("long", "114.1")
                .formParam("description", "Street light out " + UUID.randomUUID())
                .post("/open311/v2/requests.json").then().statusCode(201).extract().path("[0].service_request_id");

        given().queryParam("api_key", PARTNER_KEY).get("/open311/v2/requests/" + id + ".json")
                .then().statusCode(404).contentType(startsWith(JSON))
                .body("[0].code", equalTo(404));
        given().queryParam("api_key", PARTNER_KEY).queryParam("service_request_id", id)
                .get("/open311/v2/requests.json").then().statusCode(200)
                .body("", empty());
        given().queryParam("api_key", PARTNER_KEY).queryParam("service_code", code)
                .get("/open311/v2/requests.json").then().statusCode(200)
                .body("service_request_id", not(hasItem(id)));
    }

    @Test
    void requestWithoutDescriptionIsDescribedByItsServiceName() {
        String code = activeService("Safety");
        String id = form(HOTLINE_KEY).formParam("service_code", code).formParam("lat", "22.5").formParam("long", "114.1")
                .post("/open311/v2/requests.xml").then().statusCode(201).contentType(startsWith(XML))
                .extract().path("service_requests.request.service_request_id");

        given().queryParam("api_key", HOTLINE_KEY).get("/open311/v2/requests/" + id + ".json")
                .then().statusCode(200).body("[0].description", equalTo("Blocked fire lane"));
    }

    @Test
    void missingOrWrongApiKeyIsRefusedWith403() {
        String code = activeService("Safety");
        given().contentType("application/x-www-form-urlencoded").formParam("service_code", code)
                .formParam("lat", "22.5").formParam("long", "114.1")
                .post("/open311/v2/requests.json").then().statusCode(403).contentType(startsWith(JSON))
                .body("[0].code", equalTo(403))
                .body("[0].description", containsString("api_key"));
        form("not-a-key").formParam("service_code", code).formParam("lat", "22.5").formParam("long", "114.1")
                .post("/open311/v2/requests.xml").then().statusCode(403).contentType(startsWith(XML))
                .body("errors.error[0].code", equalTo("403"))
                .body("errors.error[0].description", equalTo("Invalid api_key"));

        given().get("/open311/v2/requests.json").then().statusCode(403).body("[0].code", equalTo(403));
        given().queryParam("api_key", "not-a-key").get("/open311/v2/requests/" + UUID.randomUUID() + ".json")
                .then().statusCode(403).body("[0].code", equalTo(403));
    }

    @Test
    void otherJurisdictionIsNotFound() {
        form(HOTLINE_KEY).formParam("jurisdiction_id", "elsewhere.example").formParam("service_code", "ROAD_DAMAGE")
                .formParam("lat", "22.5").formParam("long", "114.1")
                .post("/open311/v2/requests.json").then().statusCode(404)
                .body("[0].code", equalTo(404))
                .body("[0].description", startsWith("jurisdiction not found"));
        given().queryParam("jurisdiction_id", "elsewhere.example").get("/open311/v2/services.xml")
                .then().statusCode(404).body("errors.error[0].description", startsWith("jurisdiction not found"));
    }

    @Test
    void missingOrUnknownServiceCodeIsRefused() {
        form(HOTLINE_KEY).formParam("lat", "22.5").formParam("long", "114.1").formParam("description", "Pothole")
                .post("/open311/v2/requests.json").then().statusCode(400)
                .body("[0].code", equalTo(400))
                .body("[0].description", containsString("service_code"));
        form(HOTLINE_KEY).formParam("service_code", "NO_SUCH_SERVICE").formParam("lat", "22.5").formParam("long", "114.1")
                .formParam("description", "Pothole")
                .post("/open311/v2/requests.json").then().statusCode(422)
                .body("[0].code", equalTo(422))
                .body("[0].description", containsString("NO_SUCH_SERVICE"));
    }

    @Test
    void badCoordinatesAreRefusedWith400NamingTheArgument() {
        String code = activeService("Safety");
        form(HOTLINE_KEY).formParam("service_code", code).formParam("lat", "north").formParam("long", "114.1")
                .post("/open311/v2/requests.json").then().statusCode(400).contentType(startsWith(JSON))
                .body("[0].code", equalTo(400))
                .body("[0].description", startsWith("lat:"));
        form(HOTLINE_KEY).formParam("service_code", code).formParam("lat", "NaN").formParam("long", "114.1")
                .post("/open311/v2/requests.json").then().statusCode(400)
                .body("[0].description", startsWith("lat:"));
        form(HOTLINE_KEY).formParam("service_code", code).formParam("lat", "95").formParam("long", "114.1")
                .post("/open311/v2/requests.xml").then().statusCode(400).contentType(startsWith(XML))
                .body("errors.error.size()", equalTo(1))
                .body("errors.error[0].code", equalTo("400"))
                .body("errors.error[0].description", startsWith("lat:"));
        form(HOTLINE_KEY).formParam("service_code", code).formParam("lat", "22.5").formParam("long", "-181")
                .post("/open311/v2/requests.json").then().statusCode(400)
                .body("[0].description", startsWith("long:"));
    }

    @Test
    void aNulInAnArgumentIsRefusedWith400InTheSpecsErrorArray() {
        String code = activeService("Safety");
        // account_id becomes part of the reporter id, which PostgreSQL cannot store with a U+0000 in it.
        form(HOTLINE_KEY).formParam("service_code", code).formParam("lat", "22.5").formParam("long", "114.1")
                .formParam("account_id", "caller\u00001")
                .post("/open311/v2/requests.json").then().statusCode(400).contentType(startsWith(JSON))
                .body("[0].code", equalTo(400))
                .body("[0].description", containsString("U+0000"));
        form(HOTLINE_KEY).formParam("service_code", code).formParam("lat", "22.5").formParam("long", "114.1")
                .formParam("account_id", "caller\u00001")
                .post("/open311/v2/requests.xml").then().statusCode(400).contentType(startsWith(XML))
                .body("errors.error[0].code", equalTo("400"));
    }

    @Test
    void aLongDescriptionIsAcceptedUpToTheReportsLimit() {
        String code = activeService("Safety");
        // 1,500 Chinese characters are 4.5 KB in a form: more than Vert.x's default of 2 KB per form field.
        form(HOTLINE_KEY).formParam("service_code", code).formParam("lat", "22.5").formParam("long", "114.1")
                .formParam("description", "井盖".repeat(750))
                .post("/open311/v2/requests.json").then().statusCode(201);
        form(HOTLINE_KEY).formParam("service_code", code).formParam("lat", "22.5").formParam("long", "114.1")
                .formParam("description", "井".repeat(4001))
                .post("/open311/v2/requests.json").then().statusCode(400)
                .body("[0].description", startsWith("description:"));
    }

    @Test
    void addressWithoutCoordinatesIsRefusedWithTheReason() {
        String code = activeService("Safety");
        form(HOTLINE_KEY).formParam("service_code", code).formParam("address_string", "Longgang Avenue 1")
                .post("/open311/v2/requests.json").then().statusCode(400)
                .body("[0].description", containsString("lat and long are required"));
    }

    @Test
    void badSearchArgumentsAreRefusedWith400() {
        given().queryParam("api_key", HOTLINE_KEY).queryParam("start_date", "yesterday")
                .get("/open311/v2/requests.json").then().statusCode(400)
                .body("[0].description", startsWith("start_date:"));
        given().queryParam("api_key", HOTLINE_KEY).queryParam("start_date", "2026-01-01T00:00:00Z")
                .queryParam("end_date", "2026-06-01T00:00:00Z")
                .get("/open311/v2/requests.json").then().statusCode(400)
                .body("[0].description", containsString("90 days"));
        given().queryParam("api_key", HOTLINE_KEY).queryParam("status", "pending")
                .get("/open311/v2/requests.xml").then().statusCode(400)
                .body("errors.error[0].description", startsWith("status:"));
        // Dates beyond PostgreSQL's years: 400 in the spec's array, not a 500 from the database.
        given().queryParam("api_key", HOTLINE_KEY).queryParam("start_date", "+999999999-01-01T00:00:00Z")
                .queryParam("end_date", "+999999999-02-01T00:00:00Z")
                .get("/open311/v2/requests.json").then().statusCode(400).body("[0].code", equalTo(400));
    }

    @Test
    void unknownFormatIsNotFoundInTheSpecsErrorArray() {
        given().get("/open311/v2/services.html").then().statusCode(404).contentType(startsWith(JSON))
                .body("[0].code", equalTo(404))
                .body("[0].description", containsString(".json or .xml"));
    }

    @Test
    void postThatIsNotAFormIsRefusedWith415InTheSpecsErrorArray() {
        given().contentType("application/json").body("{\"service_code\": \"ROAD_DAMAGE\"}")
                .post("/open311/v2/requests.xml").then().statusCode(415).contentType(startsWith(XML))
                .body("errors.error[0].code", equalTo("415"))
                .body("errors.error[0].description", containsString("application/x-www-form-urlencoded"));
    }

    /** A new active category of this test's own, once intake has heard it from the categories topic. */
    private String activeService(String group) {
        String code = "O311_" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        Category category = new Category(code, "消防通道堵塞", "Blocked fire lane", Priority.P1, 50, 6, group,
                List.of("fire lane", "blocked exit"), true, OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS));
        try {
            TestKafka.send(Topics.CATEGORIES, category.key(), mapper.writeValueAsString(category),
                    CloudEventHeaders.forEvent(category, "/gridwatch/test", category.updatedAt()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/open311/v2/services.json")
                .then().statusCode(200).body("service_code", hasItem(code)));
        return code;
    }

    private static RequestSpecification form(String apiKey) {
        return given().contentType("application/x-www-form-urlencoded; charset=UTF-8").formParam("api_key", apiKey);
    }
}
