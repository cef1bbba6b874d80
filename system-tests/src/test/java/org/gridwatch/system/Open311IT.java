package org.gridwatch.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
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

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import org.gridwatch.infra.DevJwt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * A city hotline speaks Open311 GeoReport v2 to intake: it lists the services, posts a caller's request for a
 * dark street light (form-encoded, with the {@code api_key} the local stack registers), and follows it by its
 * {@code service_request_id} while routing gives it to Tongshan's urban management and the department's staff
 * accept, start and resolve the ticket through resolution's staff API. The hotline sees the request {@code open}
 * with GridWatch's status in {@code status_notes} and the department as {@code agency_responsible}, then
 * {@code closed} once the ticket is RESOLVED (intake's Open311 mapping: RESOLVED, CLOSED and REJECTED are closed).
 * Anyone reads requests without a key, and no answer names the caller. A second scenario is what clients written by
 * others do: discovery, multipart POSTs, retries, and errors only in the spec's array.
 */
@ExtendWith(SystemStack.class)
class Open311IT {

    private static final String API_KEY = "dev-hotline-key";
    /** Grid YL-TS-02-01-G02 of Tongshan District, about 440 m from the grid's interior point (where DemoTraffic reports). */
    private static final double LAT = 34.1795;
    private static final double LON = 117.2760;
    private static final String GRID = "YL-TS-02-01-G02";
    private static final List<String> AREA_PATH = List.of("YL", "YL-TS", "YL-TS-02", "YL-TS-02-01", GRID);
    private static final String SERVICE = "STREET_LIGHT";
    private static final String DEPARTMENT = "D-URBAN-TS";
    private static final String JSON = "application/json";
    private static final String XML = "application/xml";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(300);

    private static SystemStack.Services gridwatch;

    @BeforeAll
    static void connect(SystemStack.Services services) {
        gridwatch = services;
    }

    @Test
    void hotlineRequestIsRoutedWorkedByTheDepartmentAndReadBackClosedOnceResolved() {
        String account = "caller-" + UUID.randomUUID().toString().substring(0, 8);
        String description = "Street light out on Tongshan Rd, whole block dark " + UUID.randomUUID().toString().substring(0, 8);
        String address = "Tongshan Rd 88, Yunlong";

        // The service list needs no key: one service type per active category.
        given().baseUri(gridwatch.intake()).get("/open311/v2/services.json").then().statusCode(200).contentType(startsWith(JSON))
                .body("find { it.service_code == 'STREET_LIGHT' }.service_name", equalTo("Street light out"))
                .body("find { it.service_code == 'STREET_LIGHT' }.group", equalTo("Streets"))
                .body("find { it.service_code == 'STREET_LIGHT' }.metadata", equalTo(false))
                .body("find { it.service_code == 'STREET_LIGHT' }.type", equalTo("realtime"))
                .body("service_code", hasItem("MANHOLE_COVER"));
        given().baseUri(gridwatch.intake()).get("/open311/v2/services/{code}.json", SERVICE).then().statusCode(200)
                .body("service_code", equalTo(SERVICE))
                .body("attributes", empty());

        // A wrong key is refused in the spec's error format, and nothing is filed.
        open311Form("not-the-key").formParam("service_code", SERVICE).formParam("lat", LAT).formParam("long", LON)
                .formParam("description", description)
                .post("/open311/v2/requests.json").then().statusCode(403).contentType(startsWith(JSON))
                .body("", hasSize(1))
                .body("[0].code", equalTo(403))
                .body("[0].description", equalTo("Invalid api_key"));

        // The hotline posts the caller's request: 201 once Kafka holds it, with the id to follow it by.
        Response posted = open311Form(API_KEY)
                .formParam("service_code", SERVICE)
                .formParam("lat", String.valueOf(LAT))
                .formParam("long", String.valueOf(LON))
                .formParam("address_string", address)
                .formParam("description", description)
                .formParam("account_id", account)
                .formParam("phone", "+86 516 0000 0000")
                .post("/open311/v2/requests.json");
        posted.then().statusCode(201).contentType(startsWith(JSON))
                .body("", hasSize(1))
                .body("[0].service_request_id", notNullValue())
                .body("[0].account_id", equalTo(account))
                .body("[0].service_notice", notNullValue());
        String requestId = posted.path("[0].service_request_id");
        posted.then().header("Location", endsWith("/open311/v2/requests/" + requestId + ".json"));
        UUID reportId = UUID.fromString(requestId);
        String ticketId = "T-" + reportId;

        // Routing gives it to Tongshan's urban management (district rule R-0057) and resolution opens the ticket;
        // the hotline reads it back open, with the department as the agency responsible.
        await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> request(requestId)
                .body("[0].agency_responsible", equalTo(DEPARTMENT))
                .body("[0].status_notes", equalTo("ASSIGNED")));
        request(requestId)
                .body("", hasSize(1))
                .body("[0].service_request_id", equalTo(requestId))
                .body("[0].status", equalTo("open"))
                .body("[0].service_code", equalTo(SERVICE))
                .body("[0].service_name", equalTo("Street light out"))
                .body("[0].description", equalTo(description))
                .body("[0].address", equalTo(address))
                .body("[0].lat", equalTo((float) LAT))
                .body("[0].long", equalTo((float) LON))
                .body("[0].media_url", nullValue())
                .body("[0].requested_datetime", endsWith("Z"));
        String admin = DevJwt.forRole("admin").sign();
        given().baseUri(gridwatch.routing()).auth().oauth2(admin).get("/api/v1/routing/decisions/{id}", reportId).then()
                .statusCode(200)
                .body("outcome", equalTo("NEW_TICKET"))
                .body("ticketId", equalTo(ticketId))
                .body("departmentId", equalTo(DEPARTMENT))
                .body("ruleId", equalTo("R-0057"))
                .body("gridCode", equalTo(GRID))
                .body("areaPath", equalTo(AREA_PATH))
                .body("priority", equalTo("P2"));

        // The department's staff find the ticket, with the hotline's caller as its reporter, and work it.
        String staff = DevJwt.forRole("staff").subject("electrician-ts").dept(DEPARTMENT).sign();
        await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> given().baseUri(gridwatch.resolution()).auth().oauth2(staff)
                .queryParam("status", "ASSIGNED").queryParam("category", SERVICE).queryParam("area", GRID)
                .get("/api/v1/tickets").then().statusCode(200).body("items.id", hasItem(ticketId)));
        given().baseUri(gridwatch.resolution()).auth().oauth2(staff).get("/api/v1/tickets/{id}", ticketId).then().statusCode(200)
                .header("ETag", "\"1\"")
                .body("status", equalTo("ASSIGNED"))
                .body("priority", equalTo("P2"))
                .body("reports.reportId", contains(requestId))
                .body("reports[0].reporterId", equalTo("open311:hotline:" + account));

        act(staff, ticketId, "accept", 1, "{}").body("status", equalTo("ACCEPTED"));
        // Still open for the hotline, with the ticket's own status in the notes.
        await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> request(requestId)
                .body("[0].status", equalTo("open"))
                .body("[0].status_notes", equalTo("ACCEPTED")));
        act(staff, ticketId, "start", 2, "{}").body("status", equalTo("IN_PROGRESS"));
        String fixNote = "Lamp and photocell replaced, the block is lit again";
        act(staff, ticketId, "resolve", 3, """
                {"note":"%s","evidenceUrls":["https://media.example.cn/ts/lamp-after.jpg"]}""".formatted(fixNote))
                .body("status", equalTo("RESOLVED"))
                .body("history.to", contains("ASSIGNED", "ACCEPTED", "IN_PROGRESS", "RESOLVED"))
                .body("history[3].note", equalTo(fixNote))
                .body("history[3].actor", equalTo("staff:electrician-ts"));

        // RESOLVED is closed in Open311.
        await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> request(requestId)
                .body("[0].status", equalTo("closed"))
                .body("[0].status_notes", equalTo("RESOLVED")));
        Response closed = given().baseUri(gridwatch.intake()).queryParam("api_key", API_KEY)
                .get("/open311/v2/requests/{id}.json", requestId);
        closed.then().statusCode(200).body("[0].agency_responsible", equalTo(DEPARTMENT));
        assertFalse(OffsetDateTime.parse(closed.path("[0].updated_datetime"))
                        .isBefore(OffsetDateTime.parse(closed.path("[0].requested_datetime"))),
                "updated_datetime after requested_datetime");

        // The hotline's searches: among its closed street-light requests, not among the open ones.
        given().baseUri(gridwatch.intake()).queryParam("api_key", API_KEY).queryParam("service_code", SERVICE)
                .queryParam("status", "closed").get("/open311/v2/requests.json").then().statusCode(200)
                .body("service_request_id", hasItem(requestId));
        given().baseUri(gridwatch.intake()).queryParam("api_key", API_KEY).queryParam("service_code", SERVICE)
                .queryParam("status", "open").get("/open311/v2/requests.json").then().statusCode(200)
                .body("service_request_id", not(hasItem(requestId)));

        // The same request in XML, with the spec's element names.
        given().baseUri(gridwatch.intake()).queryParam("api_key", API_KEY).get("/open311/v2/requests/{id}.xml", requestId)
                .then().statusCode(200).contentType(startsWith(XML))
                .body("service_requests.request.size()", equalTo(1))
                .body("service_requests.request[0].service_request_id", equalTo(requestId))
                .body("service_requests.request[0].status", equalTo("closed"))
                .body("service_requests.request[0].status_notes", equalTo("RESOLVED"))
                .body("service_requests.request[0].agency_responsible", equalTo(DEPARTMENT))
                .body("service_requests.request[0].service_code", equalTo(SERVICE))
                .body("service_requests.request[0].long", equalTo(String.valueOf(LON)));

        // Requests are public: anyone follows it without a key, and sees nothing of the caller.
        String anonymous = given().baseUri(gridwatch.intake()).get("/open311/v2/requests/{id}.json", requestId).then()
                .statusCode(200).contentType(startsWith(JSON))
                .body("[0].status", equalTo("closed"))
                .body("[0].agency_responsible", equalTo(DEPARTMENT))
                .extract().asString();
        String listed = given().baseUri(gridwatch.intake()).queryParam("service_code", SERVICE).queryParam("status", "closed")
                .get("/open311/v2/requests.xml").then().statusCode(200).contentType(startsWith(XML))
                .body("service_requests.request.find { it.service_request_id == '" + requestId + "' }.status", equalTo("closed"))
                .extract().asString();
        for (String answer : List.of(anonymous, listed)) {
            for (String personal : List.of(account, "0000 0000", "open311:", "hotline")) {
                assertFalse(answer.contains(personal), "a public answer shows '" + personal + "': " + answer);
            }
        }
    }

    /**
     * What GeoReport v2 clients written by others do: read the discovery document, post as multipart/form-data, retry a
     * POST whose answer they lost, and meet errors only in the spec's array, whatever the HTTP layer refuses.
     */
    @Test
    void clientsDiscoverPostAsMultipartRetryAndReadErrorsInTheSpecsArray() {
        given().baseUri(gridwatch.intake()).get("/open311/discovery.json").then().statusCode(200).contentType(startsWith(JSON))
                .body("endpoints[0].specification", equalTo("http://wiki.open311.org/GeoReport_v2"))
                .body("endpoints[0].url", equalTo(gridwatch.intake() + "/open311/v2"))
                .body("endpoints[0].formats", hasItem("application/json"));
        given().baseUri(gridwatch.intake()).get("/open311/discovery.xml").then().statusCode(200).contentType(startsWith(XML))
                .body("discovery.endpoints.endpoint.url", equalTo(gridwatch.intake() + "/open311/v2"));

        // A multipart POST (OTHER: dedup radius 0, so it never merges into another scenario's ticket), retried as a
        // client does when the answer is lost: one request, one routing decision, one ticket.
        String account = "caller-" + UUID.randomUUID().toString().substring(0, 8);
        String description = "Broken bench at the Tongshan bus stop " + UUID.randomUUID().toString().substring(0, 8);
        Supplier<RequestSpecification> multipart = () -> given().baseUri(gridwatch.intake()).multiPart("api_key", API_KEY)
                .multiPart("service_code", "OTHER").multiPart("lat", String.valueOf(LAT)).multiPart("long", String.valueOf(LON))
                .multiPart("description", description).multiPart("account_id", account);
        String requestId = multipart.get().post("/open311/v2/requests.json").then().statusCode(201).contentType(startsWith(JSON))
                .body("[0].account_id", equalTo(account))
                .extract().path("[0].service_request_id");
        assertEquals(requestId, multipart.get().post("/open311/v2/requests.json").then().statusCode(201)
                .extract().path("[0].service_request_id"), "a retried multipart POST");
        assertEquals(requestId, open311Form(API_KEY).formParam("service_code", "OTHER").formParam("lat", String.valueOf(LAT))
                .formParam("long", String.valueOf(LON)).formParam("description", description).formParam("account_id", account)
                .post("/open311/v2/requests.xml").then().statusCode(201)
                .extract().path("service_requests.request.service_request_id"), "the same request as a form");
        String admin = DevJwt.forRole("admin").sign();
        await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> given().baseUri(gridwatch.routing()).auth().oauth2(admin)
                .get("/api/v1/routing/decisions/{id}", requestId).then().statusCode(200)
                .body("outcome", equalTo("NEW_TICKET"))
                .body("gridCode", equalTo(GRID)));
        await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> given().baseUri(gridwatch.intake())
                .get("/open311/v2/requests/{id}.json", requestId).then().statusCode(200)
                .body("[0].status_notes", equalTo("ASSIGNED")));

        // A photo as a file part: GridWatch stores no media, and says so in the spec's array.
        given().baseUri(gridwatch.intake()).multiPart("api_key", API_KEY).multiPart("service_code", "OTHER")
                .multiPart("lat", String.valueOf(LAT)).multiPart("long", String.valueOf(LON))
                .multiPart("media", "bench.jpg", new byte[4096], "image/jpeg")
                .post("/open311/v2/requests.json").then().statusCode(400).contentType(startsWith(JSON))
                .body("[0].code", equalTo(400))
                .body("[0].description", startsWith("media:"));
        // As a phone app sends it, with the body's length declared (a streamed body is cut off by Quarkus itself).
        multipartWithPhoto(List.of("api_key", API_KEY, "service_code", "OTHER", "lat", String.valueOf(LAT),
                "long", String.valueOf(LON)), new byte[500 * 1024])
                .post("/open311/v2/requests.xml").then().statusCode(413).contentType(startsWith(XML))
                .body("errors.error[0].code", equalTo("413"));

        // What the HTTP layer refuses: a path without a format, a deeper path, a method the spec does not define.
        given().baseUri(gridwatch.intake()).get("/open311/v2/services").then().statusCode(404).contentType(startsWith(JSON))
                .body("[0].code", equalTo(404));
        given().baseUri(gridwatch.intake()).get("/open311/v2/requests/{id}/notes.xml", requestId).then().statusCode(404)
                .contentType(startsWith(XML)).body("errors.error[0].code", equalTo("404"));
        given().baseUri(gridwatch.intake()).delete("/open311/v2/requests/{id}.json", requestId).then().statusCode(405)
                .contentType(startsWith(JSON)).body("[0].code", equalTo(405));
        given().baseUri(gridwatch.intake()).get("/open311/v2/requests/{id}.json", requestId).then().statusCode(200)
                .body("[0].service_request_id", equalTo(requestId));
    }

    /** A multipart/form-data body with a declared length: text parts (names and values alternating), then a photo. */
    private static RequestSpecification multipartWithPhoto(List<String> fields, byte[] photo) {
        String boundary = "gridwatch-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i < fields.size(); i += 2) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fields.get(i) + "\"\r\n\r\n"
                    + fields.get(i + 1) + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"media\"; filename=\"photo.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(photo);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return given().baseUri(gridwatch.intake()).config(RestAssured.config().encoderConfig(EncoderConfig.encoderConfig()
                        .appendDefaultContentCharsetToContentTypeIfUndefined(false)))
                .contentType("multipart/form-data; boundary=" + boundary).body(body.toByteArray());
    }

    private static RequestSpecification open311Form(String apiKey) {
        return given().baseUri(gridwatch.intake()).contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .formParam("api_key", apiKey);
    }

    /** The hotline's read of one request (an array of one). */
    private static ValidatableResponse request(String requestId) {
        return given().baseUri(gridwatch.intake()).queryParam("api_key", API_KEY).get("/open311/v2/requests/{id}.json", requestId)
                .then().statusCode(200).contentType(startsWith(JSON));
    }

    /** A staff action with the version they saw; answers the next version as the ETag. */
    private static ValidatableResponse act(String staff, String ticketId, String action, int version, String body) {
        return given().baseUri(gridwatch.resolution()).auth().oauth2(staff).header("If-Match", "\"" + version + "\"")
                .contentType(JSON).body(body).post("/api/v1/tickets/{id}/{action}", ticketId, action).then()
                .statusCode(200)
                .header("ETag", "\"" + (version + 1) + "\"")
                .body("departmentId", equalTo(DEPARTMENT))
                .body("version", equalTo(version + 1));
    }
}
