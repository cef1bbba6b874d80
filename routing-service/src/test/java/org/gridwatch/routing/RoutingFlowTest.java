package org.gridwatch.routing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.gridwatch.contracts.Priority;
import org.gridwatch.contracts.Topics;
import org.gridwatch.contracts.events.AssignmentEvent;
import org.gridwatch.contracts.events.GeoPoint;
import org.gridwatch.contracts.events.GridWatchEvent;
import org.gridwatch.contracts.events.ReportChannel;
import org.gridwatch.contracts.events.ReportMerged;
import org.gridwatch.contracts.events.ReportSubmitted;
import org.gridwatch.contracts.events.TicketAssigned;
import org.gridwatch.contracts.events.TicketReturned;
import org.gridwatch.contracts.events.TicketStatus;
import org.gridwatch.contracts.events.TicketStatusChanged;
import org.gridwatch.infra.DevJwt;
import org.gridwatch.infra.testing.GridWatchTestResource;
import org.gridwatch.infra.testing.TestKafka;
import org.gridwatch.routing.domain.Distance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Reports through the real broker into routing decisions and assignment events: rule precedence, merging,
 * the third reporter's raise, unlocated reports, redelivery, returns and re-dispatch, and the admin API.
 * Its own database, with a small city of its own.
 */
@QuarkusTest
@QuarkusTestResource(value = GridWatchTestResource.class, initArgs = @ResourceArg(name = "database", value = "routing_flow_test"))
class RoutingFlowTest {

    private static final String ADMIN = DevJwt.forRole("admin").sign();
    private static final double METRE = Distance.latDegrees(1);
    private static boolean cityLoaded;

    @Inject
    ObjectMapper mapper;

    @BeforeEach
    void loadCity() {
        if (cityLoaded) {
            return;
        }
        // City YL: district A (west) and B (east), one street and one community each, two grids each (south, north).
        String features = String.join(",",
                feature("YL", "Yunlong", "CITY", null, 117.0, 34.0, 117.4, 34.4),
                feature("YL-A", "A District", "DISTRICT", "YL", 117.0, 34.0, 117.2, 34.4),
                feature("YL-B", "B District", "DISTRICT", "YL", 117.2, 34.0, 117.4, 34.4),
                feature("YL-A-1", "A Street", "STREET", "YL-A", 117.0, 34.0, 117.2, 34.4),
                feature("YL-B-1", "B Street", "STREET", "YL-B", 117.2, 34.0, 117.4, 34.4),
                feature("YL-A-1-1", "A Community", "COMMUNITY", "YL-A-1", 117.0, 34.0, 117.2, 34.4),
                feature("YL-B-1-1", "B Community", "COMMUNITY", "YL-B-1", 117.2, 34.0, 117.4, 34.4),
                feature("YL-A-1-1-G1", "A grid 1", "GRID", "YL-A-1-1", 117.0, 34.0, 117.2, 34.2),
                feature("YL-A-1-1-G2", "A grid 2", "GRID", "YL-A-1-1", 117.0, 34.2, 117.2, 34.4),
                feature("YL-B-1-1-G1", "B grid 1", "GRID", "YL-B-1-1", 117.2, 34.0, 117.4, 34.2),
                feature("YL-B-1-1-G2", "B grid 2", "GRID", "YL-B-1-1", 117.2, 34.2, 117.4, 34.4));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body("{\"type\":\"FeatureCollection\",\"features\":[" + features + "]}")
                .put("/api/v1/areas").then().statusCode(200);
        department("D-OPS", "City Operations Centre", "YL");
        department("D-WATER", "Water Group", "YL");
        department("D-URBAN-A", "A Urban Management", "YL-A");
        department("D-URBAN-B", "B Urban Management", "YL-B");
        department("D-STREET-A", "A Street Office", "YL-A-1");
        rule("R-FALLBACK", "*", "YL", "D-OPS", null);
        rule("R-MANHOLE-CITY", "MANHOLE_COVER", "YL", "D-WATER", null);
        rule("R-MANHOLE-A", "MANHOLE_COVER", "YL-A", "D-URBAN-A", null);
        rule("R-MANHOLE-B", "MANHOLE_COVER", "YL-B", "D-URBAN-B", "\"priority\":\"P0\",\"resolveHours\":4,");
        rule("R-STREET-A", "ACCESS_OBSTACLE", "YL-A-1", "D-STREET-A", null);
        cityLoaded = true;
    }

    @Test
    void rulesDecideByMostSpecificLevelAndExactCategory() throws Exception {
        TicketAssigned a = assigned(submit(report("MANHOLE_COVER", 34.1, 117.1, "r-a")));
        assertEquals("D-URBAN-A", a.departmentId());
        assertEquals("YL-A-1-1-G1", a.gridCode());
        assertEquals(List.of("YL", "YL-A", "YL-A-1", "YL-A-1-1", "YL-A-1-1-G1"), a.areaPath());
        assertEquals(List.of("Yunlong", "A District", "A Street", "A Community", "A grid 1"), a.areaNames(),
                "names for display, in the order of the path");
        assertEquals("A Urban Management", a.departmentName());
        assertEquals(Priority.P1, a.priority());

        TicketAssigned b = assigned(submit(report("MANHOLE_COVER", 34.3, 117.3, "r-b")));
        assertEquals("D-URBAN-B", b.departmentId());
        assertEquals(Priority.P0, b.priority(), "rule override");
        assertEquals(Duration.ofHours(4), Duration.between(b.assignedAt(), b.resolveDueAt()));

        assertEquals("D-STREET-A", assigned(submit(report("ACCESS_OBSTACLE", 34.25, 117.05, "r-c"))).departmentId());
        assertEquals("D-OPS", assigned(submit(report("GAS_LEAK", 34.25, 117.05, "r-d"))).departmentId());
    }

    @Test
    void pointsOnEdgesResolveDeterministicallyAndOutsidePointsAreUnlocated() throws Exception {
        TicketAssigned edge = assigned(submit(report("STREET_LIGHT", 34.2, 117.2, "r-e")));
        assertEquals("YL-A-1-1-G1", edge.gridCode(), "the shared corner goes to the smallest grid code");
        TicketAssigned outside = assigned(submit(report("MANHOLE_COVER", 22.5, 114.0, "r-f")));
        assertTrue(outside.unlocated());
        assertEquals("D-OPS", outside.departmentId());
        assertEquals(List.of("YL"), outside.areaPath());
        assertEquals(List.of("Yunlong"), outside.areaNames());
        assertEquals("City Operations Centre", outside.departmentName());
        ReportSubmitted r = report("MANHOLE_COVER", 22.5, 114.01, "r-g");
        submit(r);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(ADMIN)
                .get("/api/v1/routing/decisions/{id}", r.reportId()).then().statusCode(200)
                .body("unlocated", equalTo(true)).body("reason", startsWith("UNLOCATED")));
    }

    @Test
    void nearbyReportsMergeAndTheThirdReporterRaisesThePriority() throws Exception {
        double lat = 34.05 + Math.random() * 0.1;
        double lon = 117.25 + Math.random() * 0.1;
        TicketAssigned first = assigned(submit(report("ROAD_DAMAGE", lat, lon, "m-1")));
        ReportMerged second = merged(submit(report("ROAD_DAMAGE", lat + 30 * METRE, lon, "m-2")));
        assertEquals(first.ticketId(), second.ticketId());
        assertEquals(2, second.distinctReporters());
        assertEquals(first.departmentId(), second.departmentId(), "a merge names the ticket's department and area");
        assertEquals("City Operations Centre", second.departmentName());
        assertEquals(first.areaPath(), second.areaPath());
        assertEquals(first.areaNames(), second.areaNames());
        assertEquals(Priority.P2, second.priority());
        ReportMerged sameAgain = merged(submit(report("ROAD_DAMAGE", lat, lon, "m-2")));
        assertEquals(2, sameAgain.distinctReporters(), "the same rider counts once");
        ReportMerged third = merged(submit(report("ROAD_DAMAGE", lat - 40 * METRE, lon, "m-3")));
        assertEquals(3, third.distinctReporters());
        assertEquals(Priority.P1, third.priority(), "third reporter raises P2 to P1");

        TicketAssigned justOutside = assigned(submit(report("ROAD_DAMAGE", lat + 52 * METRE, lon, "m-4")));
        assertTrue(!justOutside.ticketId().equals(first.ticketId()), "52 m is outside ROAD_DAMAGE's 50 m radius");
    }

    @Test
    void aResolvedTicketTakesNoMoreReports() throws Exception {
        double lat = 34.35;
        double lon = 117.05 + Math.random() * 0.1;
        TicketAssigned first = assigned(submit(report("STREET_LIGHT", lat, lon, "s-1")));
        TestKafka.send(Topics.TICKET_EVENTS, first.ticketId(), mapper.writeValueAsString(new TicketStatusChanged(UUID.randomUUID(),
                first.ticketId(), List.of(first.reportId()), TicketStatus.IN_PROGRESS, TicketStatus.RESOLVED, "staff:zhang",
                OffsetDateTime.now(ZoneOffset.UTC), "replaced the lamp", first.departmentId(), "STREET_LIGHT", Priority.P2, 3, null)), Map.of());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            ReportSubmitted probe = report("STREET_LIGHT", lat, lon, "s-probe-" + UUID.randomUUID());
            given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                    .body(Map.of("category", "STREET_LIGHT", "lat", lat, "lon", lon))
                    .post("/api/v1/routing/simulate").then().statusCode(200).body("outcome", equalTo("NEW_TICKET"));
        });
        TicketAssigned second = assigned(submit(report("STREET_LIGHT", lat, lon, "s-2")));
        assertTrue(!second.ticketId().equals(first.ticketId()));
    }

    @Test
    void redeliveryAndReplayRepublishTheSameDecisionWithTheSameEventId() throws Exception {
        ReportSubmitted r = report("MANHOLE_COVER", 34.15, 117.15, "d-1");
        TicketAssigned first = assigned(submit(r));
        publish(Topics.REPORTS, r);
        publish(Topics.REPORTS, r);
        ReportSubmitted marker = report("OTHER", 34.15, 117.15, "d-marker");
        assigned(submit(marker));
        List<AssignmentEvent> forReport = eventsFor(r.reportId());
        assertTrue(forReport.size() >= 2, "redelivery publishes the decision again: " + forReport.size());
        assertEquals(Set.of(first.eventId()), forReport.stream().map(GridWatchEvent::eventId).collect(Collectors.toSet()));
        assertEquals(Set.of(first.ticketId()), forReport.stream().map(AssignmentEvent::ticketId).collect(Collectors.toSet()));
        given().auth().oauth2(ADMIN).get("/api/v1/routing/decisions/{id}", r.reportId()).then().statusCode(200)
                .body("outcome", equalTo("NEW_TICKET")).body("ticketId", equalTo(first.ticketId()))
                .body("ruleId", equalTo("R-MANHOLE-A"));
    }

    @Test
    void replayingTheReportsFromTheTopicChangesNoDecisionAndNoEvent() throws Exception {
        double lat = 34.05 + Math.random() * 0.1;
        double lon = 117.05 + Math.random() * 0.1;
        List<ReportSubmitted> reports = List.of(report("MANHOLE_COVER", lat, lon, "p-1"),
                report("MANHOLE_COVER", lat + 5 * METRE, lon, "p-2"), report("MANHOLE_COVER", lat, lon + 0.01, "p-3"),
                report("FLOODING", lat, lon, "p-4"), report("GAS_LEAK", 22.0, 113.0, "p-5"));
        Map<UUID, AssignmentEvent> before = new java.util.HashMap<>();
        for (ReportSubmitted r : reports) {
            before.put(r.reportId(), decisionEvent(submit(r)));
        }
        Set<String> ids = reports.stream().map(r -> r.reportId().toString()).collect(Collectors.toSet());

        // Replay: the very records of the topic, byte for byte, as a consumer reset to offset 0 would read them.
        for (ConsumerRecord<String, String> rec : TestKafka.readAll(Topics.REPORTS, Duration.ofSeconds(2))) {
            if (ids.stream().anyMatch(rec.value()::contains)) {
                TestKafka.send(Topics.REPORTS, rec.key(), rec.value(), Map.of());
            }
        }
        ReportSubmitted marker = report("OTHER", lat, lon, "p-marker");
        decisionEvent(submit(marker));

        for (ReportSubmitted r : reports) {
            List<AssignmentEvent> events = eventsFor(r.reportId());
            assertEquals(Set.of(before.get(r.reportId())), Set.copyOf(events), "events for " + r.category());
            given().auth().oauth2(ADMIN).get("/api/v1/routing/decisions/{id}", r.reportId()).then().statusCode(200)
                    .body("ticketId", equalTo(before.get(r.reportId()).ticketId()));
        }
    }

    @Test
    void returnedTicketGoesToTheNextDepartmentAndTheThirdReturnToTheFallback() throws Exception {
        TicketAssigned a0 = assigned(submit(report("MANHOLE_COVER", 34.12, 117.12, "t-1")));
        assertEquals("D-URBAN-A", a0.departmentId());
        TicketAssigned a1 = returned(a0, 1, List.of());
        assertEquals("D-WATER", a1.departmentId(), "next rule up with another department");
        assertEquals("Water Group", a1.departmentName());
        assertEquals(a0.areaNames(), a1.areaNames());
        assertEquals(1, a1.hop());
        TicketAssigned a2 = returned(a1, 2, List.of("D-URBAN-A"));
        assertEquals("D-OPS", a2.departmentId(), "no more specific rule left: the city * fallback");
        TicketAssigned a3 = returned(a2, 3, List.of("D-URBAN-A", "D-WATER"));
        assertEquals("D-OPS", a3.departmentId(), "the third return goes to the fallback");
        assertEquals(a0.ticketId(), a3.ticketId());
        assertTrue(a3.reason().contains("fallback"), a3.reason());
    }

    @Test
    void adminApiValidatesAndKeepsTheFallback() {
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body("{\"category\":\"MANHOLE_COVER\",\"areaCode\":\"NOWHERE\",\"departmentId\":\"D-NOPE\"}")
                .post("/api/v1/routing-rules").then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.hasItems("areaCode", "departmentId"));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body("{\"category\":\"NOT_A_CATEGORY\",\"areaCode\":\"YL\",\"departmentId\":\"D-OPS\"}")
                .post("/api/v1/routing-rules").then().statusCode(422).body("errors[0].field", equalTo("category"));
        given().auth().oauth2(ADMIN).delete("/api/v1/routing-rules/{id}", "R-FALLBACK").then().statusCode(422);
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body("{\"name\":\"x\",\"areaCode\":\"NOWHERE\"}").put("/api/v1/departments/{id}", "D-X")
                .then().statusCode(422).body("errors[0].field", equalTo("areaCode"));
        long before = given().auth().oauth2(ADMIN).get("/api/v1/routing-rules").then().statusCode(200)
                .extract().jsonPath().getLong("ruleSetVersion");
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body("{\"id\":\"R-TMP\",\"category\":\"FLOODING\",\"areaCode\":\"YL-B\",\"departmentId\":\"D-WATER\"}")
                .post("/api/v1/routing-rules").then().statusCode(201);
        given().auth().oauth2(ADMIN).delete("/api/v1/routing-rules/{id}", "R-TMP").then().statusCode(204);
        long after = given().auth().oauth2(ADMIN).get("/api/v1/routing-rules").then().extract().jsonPath().getLong("ruleSetVersion");
        assertEquals(before + 2, after, "every change makes a version");
        given().get("/api/v1/routing-rules").then().statusCode(401);
        given().auth().oauth2(DevJwt.forRole("staff").dept("D-OPS").sign()).get("/api/v1/routing-rules").then().statusCode(403);
    }

    @Test
    void aDepartmentIdInThePathMustBeACode() {
        for (String id : List.of("=HYPERLINK(\"https://evil.example\",\"x\")", "+SUM(1,2)", "-cmd", "@x", "D X", "a".repeat(65))) {
            given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body("{\"name\":\"x\",\"areaCode\":\"YL\"}")
                    .put("/api/v1/departments/{id}", id).then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("id"));
        }
        given().auth().oauth2(ADMIN).get("/api/v1/departments").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("+SUM(1,2)")));
    }

    private TicketAssigned returned(TicketAssigned current, int count, List<String> previous) throws Exception {
        TicketReturned ret = new TicketReturned(UUID.randomUUID(), current.ticketId(), current.reportId(), current.category(),
                current.location(), current.departmentId(), "not ours", "staff:li", OffsetDateTime.now(ZoneOffset.UTC),
                count, previous);
        publish(Topics.RETURNS, ret);
        List<ConsumerRecord<String, String>> records = TestKafka.readUntil(Topics.ASSIGNMENTS,
                rec -> rec.value().contains(current.ticketId()) && rec.value().contains("\"hop\":" + count), Duration.ofSeconds(30));
        return (TicketAssigned) mapper.readValue(records.get(records.size() - 1).value(), AssignmentEvent.class);
    }

    private List<AssignmentEvent> eventsFor(UUID reportId) throws Exception {
        List<AssignmentEvent> events = new java.util.ArrayList<>();
        for (ConsumerRecord<String, String> rec : TestKafka.readAll(Topics.ASSIGNMENTS, Duration.ofSeconds(3))) {
            AssignmentEvent e = mapper.readValue(rec.value(), AssignmentEvent.class);
            if (e.reportId().equals(reportId)) {
                events.add(e);
            }
        }
        return events;
    }

    private TicketAssigned assigned(ReportSubmitted r) throws Exception {
        AssignmentEvent e = decisionEvent(r);
        assertTrue(e instanceof TicketAssigned, "expected a new ticket for " + r.category() + ", got " + e);
        return (TicketAssigned) e;
    }

    private ReportMerged merged(ReportSubmitted r) throws Exception {
        AssignmentEvent e = decisionEvent(r);
        assertTrue(e instanceof ReportMerged, "expected a merge for " + r.category() + ", got " + e);
        return (ReportMerged) e;
    }

    private AssignmentEvent decisionEvent(ReportSubmitted r) throws Exception {
        return RoutingTopics.decisionEvent(mapper, r);
    }

    private ReportSubmitted submit(ReportSubmitted r) throws Exception {
        publish(Topics.REPORTS, r);
        return r;
    }

    private void publish(String topic, GridWatchEvent event) throws Exception {
        RoutingTopics.publish(mapper, topic, event);
    }

    private static ReportSubmitted report(String category, double lat, double lon, String reporter) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        return new ReportSubmitted(UUID.randomUUID(), UUID.randomUUID(), reporter, ReportChannel.APP, category, "test report",
                new GeoPoint(lat, lon, 5.0), null, null, now, List.of(), Map.of(), "cell");
    }

    private static void department(String id, String name, String area) {
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body("{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"areaCode\":\"" + area + "\"}")
                .put("/api/v1/departments/{id}", id).then().statusCode(200);
    }

    private static void rule(String id, String category, String area, String dept, String extra) {
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body("{" + (extra == null ? "" : extra) + "\"id\":\"" + id + "\",\"category\":\"" + category
                        + "\",\"areaCode\":\"" + area + "\",\"departmentId\":\"" + dept + "\"}")
                .post("/api/v1/routing-rules").then().statusCode(201);
    }

    private static String feature(String code, String name, String level, String parent, double w, double s, double e, double n) {
        return """
                {"type":"Feature","properties":{"code":"%s","name":"%s","level":"%s","parentCode":%s},
                 "geometry":{"type":"Polygon","coordinates":[[[%s,%s],[%s,%s],[%s,%s],[%s,%s],[%s,%s]]]}}"""
                .formatted(code, name, level, parent == null ? "null" : "\"" + parent + "\"", w, s, e, s, e, n, w, n, w, s);
    }
}
