package org.gridwatch.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.gridwatch.infra.DevJwt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Object-level access across the packaged services (DESIGN.md section 8: every read and write is scoped): rider A's
 * report in Jiawang (CIVIC_SUGGESTION, its street office D-STREET-JW-03) and rider B's in the same district for the
 * neighbouring street office. B cannot read or answer A's report and cannot tell it from a missing one; staff of any
 * other department can neither read nor change A's ticket, which stays exactly as it was; supervisors of another
 * area are refused its statistics and overdue list (403); the leaderboard shows A to others only as a pseudonym.
 */
@ExtendWith(SystemStack.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObjectAccessIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final RequestLedger LEDGER = new RequestLedger("ObjectAccessIT");

    private static SystemStack.Services gridwatch;
    private static Filed a;
    private static Filed b;
    private static long t0;

    @BeforeAll
    static void twoRidersReport(SystemStack.Services services) {
        t0 = System.nanoTime();
        gridwatch = services;
        String run = UUID.randomUUID().toString().substring(0, 8);
        a = Filed.file(gridwatch, "sec-obj-a:" + run, "CIVIC_SUGGESTION", 34.25, 117.32, "A zebra crossing by the school gate",
                "D-STREET-JW-03", "YL-JW-03-03-G01");
        b = Filed.file(gridwatch, "sec-obj-b:" + run, "CIVIC_SUGGESTION", 34.29, 117.26, "Shade over the scooter parking",
                "D-STREET-JW-01", "YL-JW-01-01-G03");
    }

    @AfterAll
    static void summary() {
        System.out.printf("%s in %d ms%n", LEDGER.summary(), (System.nanoTime() - t0) / 1_000_000);
        LEDGER.faults().forEach(f -> System.out.println("FAULT " + f));
    }

    @Test
    @Order(1)
    void aRiderCannotReadAnothersReportNorTellItFromAMissingOne() {
        Response hidden = intake(b.riderToken()).get("/api/v1/reports/{id}", a.reportId());
        Response missing = intake(b.riderToken()).get("/api/v1/reports/{id}", UUID.randomUUID());
        hidden.then().statusCode(404).contentType("application/problem+json");
        missing.then().statusCode(404);
        assertEquals(missing.jsonPath().getString("title"), hidden.jsonPath().getString("title"));
        assertEquals(missing.jsonPath().getString("detail"), hidden.jsonPath().getString("detail"));
        assertFalse(hidden.asString().contains(a.rider()), hidden.asString());

        intake(b.riderToken()).queryParam("limit", 200).get("/api/v1/reports").then().statusCode(200)
                .body("items.reportId", hasItem(b.reportId().toString()))
                .body("items.reportId", not(hasItem(a.reportId().toString())));

        // Staff and supervisors see it only within their department or area: the same 404 outside it.
        intake(b.staffToken()).get("/api/v1/reports/{id}", a.reportId()).then().statusCode(404);
        intake(DevJwt.forRole("staff").dept("D-OPS-YL").sign()).get("/api/v1/reports/{id}", a.reportId()).then().statusCode(404);
        intake(supervisor("YL-TS")).get("/api/v1/reports/{id}", a.reportId()).then().statusCode(404);
        intake(supervisor("YL-JW-01")).get("/api/v1/reports/{id}", a.reportId()).then().statusCode(404);
        intake(a.staffToken()).get("/api/v1/reports/{id}", a.reportId()).then().statusCode(200);
        intake(supervisor("YL-JW-03")).get("/api/v1/reports/{id}", a.reportId()).then().statusCode(200);
        intake(supervisor("YL-JW")).get("/api/v1/reports/{id}", a.reportId()).then().statusCode(200)
                .body("reportId", equalTo(a.reportId().toString()));
    }

    @Test
    @Order(2)
    void staffOfAnotherDepartmentCanNeitherReadNorChangeATicketAndItStaysAsItWas() {
        String before = resolution(a.staffToken()).get("/api/v1/tickets/{id}", a.ticketId()).then().statusCode(200)
                .header("ETag", "\"1\"").extract().asString();
        String riderBefore = intake(a.riderToken()).get("/api/v1/reports/{id}", a.reportId()).then().statusCode(200)
                .extract().asString();
        String missingTicket = "T-" + UUID.randomUUID();
        String missingDetail = resolution(b.staffToken()).get("/api/v1/tickets/{id}", missingTicket).then().statusCode(404)
                .extract().path("detail");

        for (String outsider : List.of(b.staffToken(), DevJwt.forRole("staff").dept("D-OPS-YL").sign(),
                DevJwt.forRole("staff").subject("no-dept").sign())) {
            Response read = resolution(outsider).get("/api/v1/tickets/{id}", a.ticketId());
            read.then().statusCode(404).contentType("application/problem+json");
            assertEquals(missingDetail.replace(missingTicket, a.ticketId()), read.jsonPath().getString("detail"));
            for (String action : List.of("accept", "start", "resolve", "reject", "return")) {
                for (String version : List.of("\"1\"", "\"2\"")) {
                    resolution(outsider).header("If-Match", version).contentType("application/json")
                            .body("{\"note\":\"Not ours, but let us try\"}")
                            .post("/api/v1/tickets/{id}/{action}", a.ticketId(), action).then().statusCode(404);
                }
            }
            resolution(outsider).queryParam("area", a.grid()).queryParam("limit", 200).get("/api/v1/tickets").then()
                    .statusCode(200).body("items.id", not(hasItem(a.ticketId())));
        }
        // The ticket and the rider's view are byte for byte what they were.
        assertEquals(before, resolution(a.staffToken()).get("/api/v1/tickets/{id}", a.ticketId()).then().statusCode(200)
                .header("ETag", "\"1\"").extract().asString());
        assertEquals(riderBefore, intake(a.riderToken()).get("/api/v1/reports/{id}", a.reportId()).then().statusCode(200)
                .extract().asString());
    }

    @Test
    @Order(3)
    void aSupervisorIsRefusedStatisticsAndOverdueOutsideTheirArea() {
        OffsetDateTime assignedAt = OffsetDateTime.parse(resolution(a.staffToken()).get("/api/v1/tickets/{id}", a.ticketId())
                .then().statusCode(200).extract().path("assignedAt"));
        String gulou = supervisor("YL-GL");
        for (String area : List.of("YL-JW", a.grid(), "YL", "YL-NOWHERE")) {
            stats(gulou, assignedAt, Map.of("area", area)).then().statusCode(403).contentType("application/problem+json")
                    .body("errors.field", hasItem("area"));
            resolution(gulou).queryParam("area", area).get("/api/v1/stats/overdue").then().statusCode(403)
                    .body("errors.field", hasItem("area"));
        }
        // A street supervisor of the same district is outside the neighbouring street too.
        stats(supervisor("YL-JW-01"), assignedAt, Map.of("area", a.grid())).then().statusCode(403);
        String noArea = DevJwt.forRole("supervisor").subject("sup:no-area").sign();
        stats(noArea, assignedAt, Map.of()).then().statusCode(403);
        resolution(noArea).get("/api/v1/stats/overdue").then().statusCode(403);
        // Naming the other area's department instead of its area yields nothing from there.
        stats(gulou, assignedAt, Map.of("department", a.department())).then().statusCode(200).body("rows", empty());
        // The district's own supervisor sees the ticket.
        await().atMost(WAIT).untilAsserted(() -> stats(supervisor("YL-JW"), assignedAt,
                Map.of("area", a.grid(), "category", "CIVIC_SUGGESTION")).then().statusCode(200)
                .body("rows", hasSize(1)).body("rows[0].key", equalTo(a.department())).body("rows[0].received", equalTo(1)));
    }

    @Test
    @Order(4)
    void feedbackOnSomeoneElsesReportIsRefusedLikeAMissingReportAndChangesNothing() {
        // A's street office resolves A's ticket, so that feedback would be accepted from A.
        act(a, "accept", 1, "{\"note\":\"We will look at it\"}");
        act(a, "start", 2, "{}");
        act(a, "resolve", 3, "{\"note\":\"Crossing painted\"}");
        await().atMost(WAIT).untilAsserted(() -> intake(a.riderToken()).get("/api/v1/reports/{id}", a.reportId()).then()
                .statusCode(200).body("status", equalTo("RESOLVED")));

        Response hidden = feedback(b.riderToken(), a.reportId(), "{\"fixed\":false,\"comment\":\"Not fixed at all\"}");
        Response missing = feedback(b.riderToken(), UUID.randomUUID(), "{\"fixed\":false,\"comment\":\"Not fixed at all\"}");
        hidden.then().statusCode(404).contentType("application/problem+json");
        missing.then().statusCode(404);
        assertEquals(missing.jsonPath().getString("detail"), hidden.jsonPath().getString("detail"));
        feedback(b.riderToken(), b.reportId(), "{\"fixed\":true}").then().statusCode(409); // B's own, not resolved yet
        for (String notARider : List.of(a.staffToken(), supervisor("YL-JW"), DevJwt.forRole("admin").sign())) {
            feedback(notARider, a.reportId(), "{\"fixed\":true}").then().statusCode(403);
        }

        // A's own verdict still counts: nothing of B's reached the ticket, which A's confirmation closes.
        resolution(a.staffToken()).get("/api/v1/tickets/{id}", a.ticketId()).then().statusCode(200)
                .header("ETag", "\"4\"").body("status", equalTo("RESOLVED"));
        intake(a.riderToken()).get("/api/v1/reports/{id}", a.reportId()).then().statusCode(200).body("feedback", nullValue());
        feedback(a.riderToken(), a.reportId(), "{\"fixed\":true,\"comment\":\"Thanks\"}").then().statusCode(202);
        await().atMost(WAIT).untilAsserted(() -> resolution(a.staffToken()).get("/api/v1/tickets/{id}", a.ticketId()).then()
                .statusCode(200).body("status", equalTo("CLOSED"))
                .body("history.actor", not(hasItem(org.hamcrest.Matchers.containsString(b.rider())))));
    }

    @Test
    @Order(5)
    void theLeaderboardShowsAnotherRiderOnlyAsAPseudonymAndOnlyInsideASupervisorsArea() {
        // Ten points for the first reporter of a fixed ticket; others see A by the pseudonym shown to A as "alias".
        await().atMost(WAIT).untilAsserted(() -> intake(a.riderToken()).get("/api/v1/reporters/me").then().statusCode(200)
                .body("points", equalTo(10)));
        String alias = intake(a.riderToken()).get("/api/v1/reporters/me").then().extract().path("alias");
        assertTrue(alias != null && alias.startsWith("rider-"), alias);

        String forB = board(b.riderToken()).then().statusCode(200)
                .body("items.reporter", hasItem(alias)).body("items.you", not(hasItem(true))).extract().asString();
        assertFalse(forB.contains(a.rider()), forB);
        String forA = board(a.riderToken()).then().statusCode(200).body("items.reporter", hasItem(a.rider())).extract().asString();
        assertFalse(forA.contains(alias), "a rider sees their own row by subject: " + forA);
        board(supervisor("YL-JW")).then().statusCode(200).body("items.reporter", hasItem(alias));
        String gulou = board(supervisor("YL-GL")).then().statusCode(200).extract().asString();
        assertFalse(gulou.contains(alias) || gulou.contains(a.rider()), gulou);
        board(b.staffToken()).then().statusCode(403);
        intake(b.riderToken()).get("/api/v1/reporters/me").then().statusCode(200)
                .body("credits.items.ticketId", not(hasItem(a.ticketId())));
        assertTrue(LEDGER.faults().isEmpty(), String.join("\n", LEDGER.faults()));
    }

    private static Response board(String token) {
        return intake(token).queryParam("area", a.grid()).queryParam("limit", 200).get("/api/v1/reporters/leaderboard");
    }

    private static void act(Filed filed, String action, int version, String body) {
        resolution(filed.staffToken()).header("If-Match", "\"" + version + "\"").contentType("application/json").body(body)
                .post("/api/v1/tickets/{id}/{action}", filed.ticketId(), action).then().statusCode(200)
                .header("ETag", "\"" + (version + 1) + "\"");
    }

    private static Response feedback(String token, UUID reportId, String body) {
        return intake(token).contentType("application/json").body(body).post("/api/v1/reports/{id}/feedback", reportId);
    }

    private static Response stats(String token, OffsetDateTime around, Map<String, String> params) {
        return resolution(token).queryParam("groupBy", "department")
                .queryParam("from", around.minusMinutes(1).toString()).queryParam("to", around.plusMinutes(1).toString())
                .queryParams(params).get("/api/v1/stats/resolution");
    }

    private static String supervisor(String area) {
        return DevJwt.forRole("supervisor").subject("sup:" + area).area(area).sign();
    }

    private static RequestSpecification intake(String token) {
        return given().filter(LEDGER).baseUri(gridwatch.intake()).auth().oauth2(token);
    }

    private static RequestSpecification resolution(String token) {
        return given().filter(LEDGER).baseUri(gridwatch.resolution()).auth().oauth2(token);
    }
}
