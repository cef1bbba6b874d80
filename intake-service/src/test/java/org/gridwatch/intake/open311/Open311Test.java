package org.gridwatch.intake.open311;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.gridwatch.contracts.CloudEventHeaders;
import org.gridwatch.contracts.EventSchemas;
import org.gridwatch.contracts.Priority;
import org.gridwatch.contracts.Topics;
import org.gridwatch.contracts.events.Category;
import org.gridwatch.contracts.events.ReportSubmitted;
import org.gridwatch.infra.DevJwt;
import org.gridwatch.infra.testing.GridWatchTestResource;
import org.gridwatch.infra.testing.TestKafka;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.specification.RequestSpecification;

/** Open311 GeoReport v2: services from the catalogue, requests into the report flow, errors as the spec's array. */
@QuarkusTest
@QuarkusTestResource(value = GridWatchTestResource.class, initArgs = @ResourceArg(name = "database", value = "intake_open311_test"))
class Open311Test {

    private static final String HOTLINE_KEY = "dev-hotline-key";
    private static final String PARTNER_KEY = "test-partner-key";
    private static final String BURST_KEY = "test-burst-key";
    private static final String JSON = "application/json";
    private static final String XML = "application/xml";

    @Inject
    ObjectMapper mapper;

    @Inject
    DataSource dataSource;

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
    void anyoneReadsRequestsWithoutAKeyAndSeesNoPersonalData() {
        String code = activeService("Safety");
        String account = "caller-" + UUID.randomUUID();
        String description = "Fire lane blocked by a parked van " + UUID.randomUUID();
        String id = form(HOTLINE_KEY).formParam("service_code", code).formParam("lat", "22.5").formParam("long", "114.1")
                .formParam("description", description).formParam("account_id", account)
                .formParam("email", "zhang.wei@example.com").formParam("first_name", "Wei").formParam("last_name", "Zhang")
                .formParam("phone", "+86 138 0013 8000").formParam("device_id", "device-4711")
                .post("/open311/v2/requests.json").then().statusCode(201).extract().path("[0].service_request_id");

        List<String> answers = new ArrayList<>();
        answers.add(given().get("/open311/v2/requests/" + id + ".json").then().statusCode(200).contentType(startsWith(JSON))
                .body("", hasSize(1))
                .body("[0].service_request_id", equalTo(id))
                .body("[0].description", equalTo(description))
                .body("[0].status", equalTo("open"))
                .extract().asString());
        answers.add(given().get("/open311/v2/requests/" + id + ".xml").then().statusCode(200).contentType(startsWith(XML))
                .body("service_requests.request[0].service_request_id", equalTo(id))
                .extract().asString());
        answers.add(given().queryParam("service_request_id", id).get("/open311/v2/requests.json").then().statusCode(200)
                .body("service_request_id", contains(id))
                .extract().asString());
        answers.add(given().queryParam("service_code", code).get("/open311/v2/requests.xml").then().statusCode(200)
                .body("service_requests.request.find { it.service_request_id == '" + id + "' }.status", equalTo("open"))
                .extract().asString());
        // Requests are public, so another client reads this one too.
        answers.add(given().queryParam("api_key", PARTNER_KEY).get("/open311/v2/requests/" + id + ".json").then()
                .statusCode(200).body("[0].service_request_id", equalTo(id))
                .extract().asString());
        for (String answer : answers) {
            for (String personal : List.of(account, "zhang.wei@example.com", "Zhang", "Wei", "0013 8000", "device-4711",
                    "open311:", "hotline")) {
                assertFalse(answer.contains(personal), "a public answer shows '" + personal + "': " + answer);
            }
        }
    }

    @Test
    void aRidersReportFromTheAppIsNoOpen311Request() {
        String reportId = UUID.randomUUID().toString();
        given().auth().oauth2(DevJwt.forRole("reporter").subject("meituan:" + UUID.randomUUID()).sign())
                .contentType("application/json")
                .body("""
                        {"reportId":"%s","category":"MANHOLE_COVER","description":"Manhole cover missing",
                         "location":{"lat":34.2045,"lon":117.2838}}""".formatted(reportId))
                .post("/api/v1/reports").then().statusCode(202);

        given().get("/open311/v2/requests/" + reportId + ".json").then().statusCode(404).contentType(startsWith(JSON))
                .body("[0].code", equalTo(404));
        given().queryParam("service_request_id", reportId).get("/open311/v2/requests.json").then().statusCode(200)
                .body("", empty());
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
    void postWithMissingOrWrongApiKeyIsRefusedWith403() {
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
        // A Content-Type that is not even a media type (HTTP clients will not send one: a raw request) is refused the
        // same way, not with a 500.
        String body = "service_code=ROAD_DAMAGE";
        String answer = rawHttp("POST /open311/v2/requests.xml HTTP/1.1\r\nHost: localhost\r\nContent-Type: a/b/c\r\n"
                + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
        assertTrue(answer.startsWith("HTTP/1.1 415"), answer);
        assertTrue(answer.contains("<description>Unsupported Content-Type a/b/c"), answer);
    }

    private static String rawHttp(String request) {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", io.restassured.RestAssured.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void multipartPostIsAcceptedLikeAForm() throws Exception {
        String code = activeService("Safety");
        String account = "caller-" + UUID.randomUUID();
        String description = "Fire lane blocked by charging e-bikes (multipart) " + UUID.randomUUID();

        String id = given().multiPart("api_key", HOTLINE_KEY).multiPart("service_code", code)
                .multiPart("lat", "22.7213").multiPart("long", "114.2465")
                .multiPart("address_string", "Longgang Avenue 1").multiPart("description", description)
                .multiPart("media_url", "https://img.example/lane.jpg").multiPart("account_id", account)
                .multiPart("phone", "+86 138 0013 8000")
                .post("/open311/v2/requests.json").then().statusCode(201).contentType(startsWith(JSON))
                .body("[0].account_id", equalTo(account))
                .extract().path("[0].service_request_id");

        List<ConsumerRecord<String, String>> records = TestKafka.readUntil(Topics.REPORTS,
                r -> r.value().contains(id), Duration.ofSeconds(30));
        JsonNode event = mapper.readTree(records.get(records.size() - 1).value());
        assertEquals("open311:hotline:" + account, event.get("reporterId").asText());
        assertEquals(description, event.get("description").asText());
        assertEquals("https://img.example/lane.jpg", event.get("mediaUrls").get(0).asText());
        given().get("/open311/v2/requests/" + id + ".json").then().statusCode(200)
                .body("[0].description", equalTo(description))
                .body("[0].address", equalTo("Longgang Avenue 1"));

        // As browsers and phone apps send it: parts without a Content-Type (so UTF-8), the body's length declared.
        String plain = "消防通道被电动车堵塞 " + UUID.randomUUID();
        String other = multipart(List.of("api_key", HOTLINE_KEY, "service_code", code, "lat", "22.7213", "long", "114.2465",
                "description", plain), null, null)
                .post("/open311/v2/requests.xml").then().statusCode(201).contentType(startsWith(XML))
                .extract().path("service_requests.request.service_request_id");
        given().get("/open311/v2/requests/" + other + ".json").then().statusCode(200).body("[0].description", equalTo(plain));
    }

    @Test
    void multipartPostWithAMediaFileIsRefusedNamingTheField() {
        String code = activeService("Safety");
        String description = "Photo attached " + UUID.randomUUID();
        byte[] jpeg = new byte[2048];

        given().multiPart("api_key", HOTLINE_KEY).multiPart("service_code", code)
                .multiPart("lat", "22.5").multiPart("long", "114.1").multiPart("description", description)
                .multiPart("media", "lane.jpg", jpeg, "image/jpeg")
                .post("/open311/v2/requests.xml").then().statusCode(400).contentType(startsWith(XML))
                .body("errors.error[0].code", equalTo("400"))
                .body("errors.error[0].description", startsWith("media:"))
                .body("errors.error[0].description", containsString("media_url"));
        given().multiPart("api_key", HOTLINE_KEY).multiPart("service_code", code)
                .multiPart("lat", "22.5").multiPart("long", "114.1").multiPart("description", description)
                .multiPart("media", "lane.jpg", jpeg, "image/jpeg")
                .post("/open311/v2/requests.json").then().statusCode(400).contentType(startsWith(JSON))
                .body("[0].code", equalTo(400))
                .body("[0].description", startsWith("media:"));
        // A real photo is larger than a request may be: still the spec's array, and it says why.
        multipart(List.of("api_key", HOTLINE_KEY, "service_code", code, "lat", "22.5", "long", "114.1",
                "description", description), "media", new byte[300 * 1024])
                .post("/open311/v2/requests.json").then().statusCode(413).contentType(startsWith(JSON))
                .body("[0].code", equalTo(413))
                .body("[0].description", containsString("media_url"));
        TestKafka.readAll(Topics.REPORTS, Duration.ofSeconds(2)).forEach(r -> assertFalse(r.value().contains(description),
                "a refused request reached Kafka: " + r.value()));
    }

    @Test
    void everyErrorUnderOpen311IsTheSpecsArray() {
        // No format, deeper paths, other versions: 404.
        for (String path : List.of("/open311/v2/services", "/open311/v2/requests", "/open311/v2/services/ROAD_DAMAGE",
                "/open311/v2/requests/a/b.json", "/open311/v2", "/open311/v3/services.json", "/open311/nothing.json")) {
            given().get(path).then().statusCode(404).contentType(startsWith(JSON))
                    .body("", hasSize(1))
                    .body("[0].code", equalTo(404))
                    .body("[0].description", notNullValue());
        }
        given().get("/open311/v2/requests/a/b.xml").then().statusCode(404).contentType(startsWith(XML))
                .body("errors.error[0].code", equalTo("404"));
        // Methods the spec does not define: 405, with Allow.
        given().delete("/open311/v2/services.json").then().statusCode(405).contentType(startsWith(JSON))
                .header("Allow", containsString("GET"))
                .body("[0].code", equalTo(405));
        given().contentType("application/x-www-form-urlencoded").formParam("service_code", "ROAD_DAMAGE")
                .put("/open311/v2/requests.xml").then().statusCode(405).contentType(startsWith(XML))
                .body("errors.error[0].code", equalTo("405"));
        // A body over the size limit: 413 in the array, not a bare status.
        form(HOTLINE_KEY).formParam("service_code", "ROAD_DAMAGE").formParam("lat", "22.5").formParam("long", "114.1")
                .formParam("description", "d".repeat(70_000))
                .post("/open311/v2/requests.xml").then().statusCode(413).contentType(startsWith(XML))
                .body("errors.error[0].code", equalTo("413"));
    }

    @Test
    void discoveryDocumentNamesTheGeoReportEndpointInJsonAndXml() {
        given().get("/open311/discovery.json").then().statusCode(200).contentType(startsWith(JSON))
                .body("changeset", notNullValue())
                .body("contact", notNullValue())
                .body("key_service", notNullValue())
                .body("endpoints", hasSize(1))
                .body("endpoints[0].specification", equalTo("http://wiki.open311.org/GeoReport_v2"))
                .body("endpoints[0].url", endsWith("/open311/v2"))
                .body("endpoints[0].changeset", notNullValue())
                .body("endpoints[0].type", equalTo("production"))
                .body("endpoints[0].formats", containsInAnyOrder("text/xml", "application/json"));
        given().get("/open311/discovery.xml").then().statusCode(200).contentType(startsWith(XML))
                .body("discovery.changeset", not(emptyString()))
                .body("discovery.key_service", not(emptyString()))
                .body("discovery.endpoints.endpoint.specification", equalTo("http://wiki.open311.org/GeoReport_v2"))
                .body("discovery.endpoints.endpoint.url", endsWith("/open311/v2"))
                .body("discovery.endpoints.endpoint.type", equalTo("production"))
                .body("discovery.endpoints.endpoint.formats.format", containsInAnyOrder("text/xml", "application/json"));
        given().get("/open311/discovery.html").then().statusCode(404).contentType(startsWith(JSON))
                .body("[0].code", equalTo(404));
    }

    @Test
    void retriedPostGetsTheSameServiceRequestIdAndFilesOneReport() throws Exception {
        String code = activeService("Safety");
        String account = "caller-" + UUID.randomUUID();
        String description = "Manhole cover missing by the bus stop " + UUID.randomUUID();
        Supplier<RequestSpecification> same = () -> form(HOTLINE_KEY).formParam("service_code", code)
                .formParam("lat", "22.5431").formParam("long", "114.0579").formParam("description", description)
                .formParam("account_id", account);

        String first = same.get().post("/open311/v2/requests.json").then().statusCode(201)
                .extract().path("[0].service_request_id");
        // The client lost the answer and sends the same request again, also as XML, also several at once.
        assertEquals(first, same.get().post("/open311/v2/requests.json").then().statusCode(201)
                .extract().path("[0].service_request_id"));
        assertEquals(first, same.get().formParam("email", "changed@example.com").post("/open311/v2/requests.xml").then()
                .statusCode(201).extract().path("service_requests.request.service_request_id"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> retries = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                retries.add(pool.submit(() -> same.get().post("/open311/v2/requests.json").then().statusCode(201)
                        .extract().<String>path("[0].service_request_id")));
            }
            for (Future<String> retry : retries) {
                assertEquals(first, retry.get());
            }
        } finally {
            pool.shutdown();
        }

        // Other content, another caller or another client: another request.
        String otherText = form(HOTLINE_KEY).formParam("service_code", code).formParam("lat", "22.5431")
                .formParam("long", "114.0579").formParam("description", description + " (second cover)")
                .formParam("account_id", account).post("/open311/v2/requests.json").then().statusCode(201)
                .extract().path("[0].service_request_id");
        String otherCaller = form(HOTLINE_KEY).formParam("service_code", code).formParam("lat", "22.5431")
                .formParam("long", "114.0579").formParam("description", description)
                .formParam("account_id", account + "-2").post("/open311/v2/requests.json").then().statusCode(201)
                .extract().path("[0].service_request_id");
        String otherClient = form(PARTNER_KEY).formParam("service_code", code).formParam("lat", "22.5431")
                .formParam("long", "114.0579").formParam("description", description)
                .formParam("account_id", account).post("/open311/v2/requests.json").then().statusCode(201)
                .extract().path("[0].service_request_id");
        assertEquals(4, Set.of(first, otherText, otherCaller, otherClient).size(),
                List.of(first, otherText, otherCaller, otherClient).toString());

        // Kafka holds one report for the retried request.
        List<String> published = new ArrayList<>();
        for (ConsumerRecord<String, String> r : TestKafka.readAll(Topics.REPORTS, Duration.ofSeconds(2))) {
            JsonNode event = mapper.readTree(r.value());
            if (event.get("description").asText().equals(description)
                    && event.get("reporterId").asText().equals("open311:hotline:" + account)) {
                published.add(event.get("reportId").asText());
            }
        }
        assertEquals(List.of(first), published.stream().distinct().toList(), "reports published for the retried request");
    }

    @Test
    void aClientCannotEscapeItsLimitByVaryingAccountId() throws Exception {
        String code = activeService("Safety");
        String run = UUID.randomUUID().toString();
        // The burst client may post 5 requests an hour (application.properties, %test), whatever account_id they name;
        // this test owns its allowance (the buckets outlive a run on a database given by GRIDWATCH_TEST_DB_URL).
        try (Connection db = dataSource.getConnection(); Statement delete = db.createStatement()) {
            delete.executeUpdate("DELETE FROM rate_limit_bucket WHERE id LIKE 'open311-client:burst@%'");
        }
        for (int i = 0; i < 5; i++) {
            form(BURST_KEY).formParam("service_code", code).formParam("lat", "22.5").formParam("long", "114.1")
                    .formParam("description", "Pothole " + i + " " + run).formParam("account_id", "caller-" + i + "-" + run)
                    .post("/open311/v2/requests.json").then().statusCode(201);
        }
        String retryAfter = form(BURST_KEY).formParam("service_code", code).formParam("lat", "22.5").formParam("long", "114.1")
                .formParam("description", "Pothole 5 " + run).formParam("account_id", "caller-5-" + run)
                .post("/open311/v2/requests.json").then().statusCode(429).contentType(startsWith(JSON))
                .body("[0].code", equalTo(429))
                .body("[0].description", containsString("client"))
                .extract().header("Retry-After");
        assertTrue(retryAfter != null && Integer.parseInt(retryAfter) > 0, "Retry-After " + retryAfter);
        form(BURST_KEY).formParam("service_code", code).formParam("lat", "22.5").formParam("long", "114.1")
                .formParam("description", "Pothole anonymous " + run)
                .post("/open311/v2/requests.xml").then().statusCode(429)
                .body("errors.error[0].code", equalTo("429"));
        // A retry of an accepted request is no new request; other clients, named or anonymous, are not affected.
        form(BURST_KEY).formParam("service_code", code).formParam("lat", "22.5").formParam("long", "114.1")
                .formParam("description", "Pothole 0 " + run).formParam("account_id", "caller-0-" + run)
                .post("/open311/v2/requests.json").then().statusCode(201);
        form(PARTNER_KEY).formParam("service_code", code).formParam("lat", "22.5").formParam("long", "114.1")
                .formParam("description", "Pothole " + run).post("/open311/v2/requests.json").then().statusCode(201);
        form(PARTNER_KEY).formParam("service_code", code).formParam("lat", "22.5").formParam("long", "114.1")
                .formParam("description", "Pothole " + run).formParam("account_id", "caller-0-" + run)
                .post("/open311/v2/requests.json").then().statusCode(201);
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

    /**
     * A multipart/form-data POST as browsers and phone apps send it (RestAssured's own streams it without a length and
     * labels text parts ISO-8859-1): text parts without a Content-Type, then a file part if {@code fileField} is set.
     *
     * @param fields names and values, alternating
     */
    private static RequestSpecification multipart(List<String> fields, String fileField, byte[] file) {
        String boundary = "gridwatch-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i < fields.size(); i += 2) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fields.get(i) + "\"\r\n\r\n"
                    + fields.get(i + 1) + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        if (fileField != null) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField
                    + "\"; filename=\"photo.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(file);
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return given().config(RestAssured.config().encoderConfig(EncoderConfig.encoderConfig()
                        .appendDefaultContentCharsetToContentTypeIfUndefined(false)))
                .contentType("multipart/form-data; boundary=" + boundary).body(body.toByteArray());
    }

    private static RequestSpecification form(String apiKey) {
        return given().contentType("application/x-www-form-urlencoded; charset=UTF-8").formParam("api_key", apiKey);
    }
}
