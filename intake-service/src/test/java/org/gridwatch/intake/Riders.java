package org.gridwatch.intake;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.gridwatch.contracts.CloudEventHeaders;
import org.gridwatch.contracts.InitialCatalogue;
import org.gridwatch.contracts.Priority;
import org.gridwatch.contracts.Topics;
import org.gridwatch.contracts.events.Category;
import org.gridwatch.contracts.events.GeoPoint;
import org.gridwatch.contracts.events.GridWatchEvent;
import org.gridwatch.contracts.events.ReportMerged;
import org.gridwatch.contracts.events.TicketAssigned;
import org.gridwatch.contracts.events.TicketStatus;
import org.gridwatch.contracts.events.TicketStatusChanged;
import org.gridwatch.infra.DevJwt;
import org.gridwatch.infra.testing.TestKafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.response.ValidatableResponse;

/**
 * Riders who file reports over the real API, and the routing and resolution events about their tickets,
 * put on the real broker as those services would. Each rider, ticket and department is new, so tests own their data.
 */
final class Riders {

    static final Duration WAIT = Duration.ofSeconds(30);

    private static volatile boolean catalogueSeeded;

    private Riders() {
    }

    /** A reporter with a subject of their own. */
    record Rider(String sub, String token) {

        UUID file() {
            String id = given().auth().oauth2(token).contentType("application/json")
                    .body(Map.of("category", "MANHOLE_COVER",
                            "description", "Manhole cover missing on the bike lane, scooters swerve around it",
                            "location", Map.of("lat", 34.2, "lon", 117.28)))
                    .post("/api/v1/reports")
                    .then().statusCode(202).body("status", equalTo("SUBMITTED"))
                    .extract().path("reportId");
            return UUID.fromString(id);
        }

        ValidatableResponse view(UUID reportId) {
            return given().auth().oauth2(token).get("/api/v1/reports/{id}", reportId).then();
        }

        ValidatableResponse feedback(UUID reportId, Object body) {
            return given().auth().oauth2(token).contentType("application/json").body(body)
                    .post("/api/v1/reports/{id}/feedback", reportId).then();
        }

        ValidatableResponse me() {
            return given().auth().oauth2(token).get("/api/v1/reporters/me").then();
        }

        void awaitStatus(UUID reportId, String status) {
            await().atMost(WAIT).untilAsserted(() -> view(reportId).statusCode(200).body("status", equalTo(status)));
        }
    }

    static Rider newRider() {
        String sub = "meituan:" + UUID.randomUUID();
        return new Rider(sub, DevJwt.forRole("reporter").subject(sub).sign());
    }

    /**
     * Intake accepts the categories the shared {@code gridwatch.categories.v1} last told it of, and other test
     * classes publish categories of their own there: publish the initial catalogue as routing would and wait
     * until intake has all of it.
     */
    static void seedCatalogue(ObjectMapper mapper) {
        if (catalogueSeeded) {
            return;
        }
        OffsetDateTime at = now();
        List<Category> catalogue = InitialCatalogue.categories().stream()
                .map(c -> new Category(c.code(), c.nameZh(), c.nameEn(), c.priority(), c.dedupRadiusM(),
                        c.dedupWindowHours(), c.open311Group(), c.keywords(), c.active(), at))
                .toList();
        catalogue.forEach(c -> publish(mapper, Topics.CATEGORIES, c));
        String anyone = DevJwt.forRole("reporter").sign();
        await().atMost(WAIT).until(() -> {
            List<Map<String, Object>> listed = given().auth().oauth2(anyone).get("/api/v1/categories")
                    .then().statusCode(200).extract().jsonPath().getList("$");
            return catalogue.stream().filter(Category::active).allMatch(c -> listed.stream().anyMatch(l ->
                    c.code().equals(l.get("code")) && at.toInstant().equals(OffsetDateTime.parse((String) l.get("updatedAt")).toInstant())));
        });
        catalogueSeeded = true;
    }

    static String newTicket() {
        return "T-" + UUID.randomUUID();
    }

    static String newDepartment() {
        return "D-URBAN-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** An area code of its own, for a test's own part of the city. */
    static String newArea() {
        return "YL-T" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
    }

    /** Routing opened {@code ticketId} for the report (hop 0) or re-dispatched it (hop > 0); with names when given. */
    static TicketAssigned assigned(String ticketId, UUID reportId, String reporterId, String dept, String deptName,
                                   List<String> areaPath, List<String> areaNames, int hop, OffsetDateTime at) {
        return new TicketAssigned(UUID.randomUUID(), ticketId, reportId, reporterId, "MANHOLE_COVER", Priority.P1, dept,
                areaPath.get(areaPath.size() - 1), areaPath, false, new GeoPoint(34.2, 117.28, null), "R-1", 1, hop,
                "MANHOLE_COVER at " + areaPath.get(0), at.minusSeconds(1), at, at.plus(Priority.P1.defaultResponseTime()),
                at.plus(Priority.P1.defaultResolutionTime()), deptName, areaNames);
    }

    static TicketAssigned assigned(String ticketId, UUID reportId, String reporterId, String dept, List<String> areaPath,
                                   OffsetDateTime at) {
        return assigned(ticketId, reportId, reporterId, dept, null, areaPath, List.of(), 0, at);
    }

    /** Routing merged the report into {@code ticketId}, naming the ticket's department and area path. */
    static ReportMerged merged(String ticketId, UUID reportId, String reporterId, String dept, List<String> areaPath,
                               int reporters, OffsetDateTime at) {
        return new ReportMerged(UUID.randomUUID(), ticketId, reportId, reporterId, at.minusSeconds(1), at, reporters,
                Priority.P1, dept, null, areaPath, List.of());
    }

    static TicketStatusChanged changed(String ticketId, List<UUID> reportIds, String dept, TicketStatus from,
                                       TicketStatus to, OffsetDateTime at, String note) {
        return new TicketStatusChanged(UUID.randomUUID(), ticketId, reportIds, from, to, "staff:" + dept, at, note, dept,
                "MANHOLE_COVER", Priority.P1, 2, null);
    }

    static void publish(ObjectMapper mapper, String topic, GridWatchEvent event) {
        try {
            TestKafka.send(topic, event.key(), mapper.writeValueAsString(event),
                    CloudEventHeaders.forEvent(event, "/gridwatch/test", now()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The problem body without {@code instance}, which names the requested path and so differs by design. */
    static Map<String, Object> problem(ValidatableResponse response) {
        Map<String, Object> body = new HashMap<>(response.contentType("application/problem+json").extract().jsonPath().getMap("$"));
        body.remove("instance");
        return body;
    }
}
