package org.gridwatch.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.gridwatch.infra.DevJwt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.response.Response;

/**
 * The rider's loop across the packaged services: a rider reports, the responsible department sees it,
 * accepts, starts and resolves it, the rider sees RESOLVED and answers. A confirmation closes the ticket,
 * credits the rider and counts in the supervisor's rates; a dispute reopens it for the department.
 */
@ExtendWith(SystemStack.class)
class RiderLoopIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Yunhu District: manhole covers and road damage go to its urban management (district rules). */
    private static final String YUNHU_URBAN = "D-URBAN-YH";

    private static SystemStack.Services gridwatch;

    @BeforeAll
    static void connect(SystemStack.Services services) {
        gridwatch = services;
    }

    @Test
    void aConfirmedFixClosesTheTicketCreditsTheRiderAndCountsInTheResolutionRate() {
        // Grid YL-YH-02-03-G03, away from its centre (where simulated traffic reports).
        Ticket t = reportAndWorkToResolved("MANHOLE_COVER", "Manhole cover missing outside the market", 34.1830, 117.2350,
                "YL-YH-02-03-G03");

        // The rider confirms; resolution closes the ticket.
        given().baseUri(gridwatch.intake()).auth().oauth2(t.riderToken).contentType("application/json")
                .body("{\"fixed\":true,\"comment\":\"Cover is back, thanks\"}")
                .post("/api/v1/reports/{id}/feedback", t.reportId).then().statusCode(202)
                .body("reportId", equalTo(t.reportId.toString()))
                .body("ticketId", equalTo(t.ticketId))
                .body("fixed", equalTo(true));
        await().atMost(WAIT).untilAsserted(() -> given().baseUri(gridwatch.resolution()).auth().oauth2(t.staffToken)
                .get("/api/v1/tickets/{id}", t.ticketId).then().statusCode(200)
                .header("ETag", "\"5\"")
                .body("status", equalTo("CLOSED"))
                .body("history.to", contains("ASSIGNED", "ACCEPTED", "IN_PROGRESS", "RESOLVED", "CLOSED")));
        await().atMost(WAIT).untilAsserted(() -> given().baseUri(gridwatch.intake()).auth().oauth2(t.riderToken)
                .get("/api/v1/reports/{id}", t.reportId).then().statusCode(200)
                .body("status", equalTo("CLOSED")));

        // Ten points for the first reporter of a fixed ticket, credited once.
        await().atMost(WAIT).untilAsserted(() -> given().baseUri(gridwatch.intake()).auth().oauth2(t.riderToken)
                .get("/api/v1/reporters/me").then().statusCode(200)
                .body("reporterId", equalTo(t.rider))
                .body("points", equalTo(10))
                .body("firstReports", equalTo(1))
                .body("credits.items", hasSize(1))
                .body("credits.items[0].ticketId", equalTo(t.ticketId))
                .body("credits.items[0].role", equalTo("FIRST_REPORTER")));

        // Yunhu's supervisor counts it: received, resolved, confirmed; every rate of this one ticket is 1.
        String supervisor = DevJwt.forRole("supervisor").area("YL-YH").sign();
        await().atMost(WAIT).untilAsserted(() -> {
            Response stats = stats(supervisor, t, "department");
            stats.then().statusCode(200).body("rows", hasSize(1));
            Map<String, Object> row = stats.jsonPath().getMap("rows[0]");
            assertEquals(YUNHU_URBAN, row.get("key"));
            // Arrays.asList: a rate still null (feedback not counted yet) must fail the check and be retried.
            assertEquals(List.of(1, 1, 0, 0, 1, 1.0f, 1.0f, 1, 0),
                    Arrays.asList(row.get("received"), row.get("reports"), row.get("rejected"), row.get("open"), row.get("resolved"),
                            row.get("resolutionRate"), row.get("satisfactionRate"), row.get("confirmed"), row.get("disputed")));
        });
        // A supervisor of another district is refused the grid.
        stats(DevJwt.forRole("supervisor").area("YL-GL").sign(), t, "department").then().statusCode(403);
    }

    @Test
    void aDisputedFixReopensTheTicketForTheDepartment() {
        // Grid YL-YH-02-01-G03.
        Ticket t = reportAndWorkToResolved("ROAD_DAMAGE", "Deep pothole at the bus stop", 34.2085, 117.2350,
                "YL-YH-02-01-G03");

        given().baseUri(gridwatch.intake()).auth().oauth2(t.riderToken).contentType("application/json")
                .body("{\"fixed\":false,\"comment\":\"Still a hole, only gravel was poured in\"}")
                .post("/api/v1/reports/{id}/feedback", t.reportId).then().statusCode(202)
                .body("fixed", equalTo(false));
        await().atMost(WAIT).untilAsserted(() -> given().baseUri(gridwatch.resolution()).auth().oauth2(t.staffToken)
                .get("/api/v1/tickets/{id}", t.ticketId).then().statusCode(200)
                .header("ETag", "\"5\"")
                .body("status", equalTo("REOPENED"))
                .body("history.to", contains("ASSIGNED", "ACCEPTED", "IN_PROGRESS", "RESOLVED", "REOPENED")));
        // Back on the department's list, and the rider sees it reopened.
        given().baseUri(gridwatch.resolution()).auth().oauth2(t.staffToken).queryParam("status", "REOPENED")
                .get("/api/v1/tickets").then().statusCode(200).body("items.id", hasItem(t.ticketId));
        await().atMost(WAIT).untilAsserted(() -> given().baseUri(gridwatch.intake()).auth().oauth2(t.riderToken)
                .get("/api/v1/reports/{id}", t.reportId).then().statusCode(200)
                .body("status", equalTo("REOPENED")));
        // The department accepts it again.
        given().baseUri(gridwatch.resolution()).auth().oauth2(t.staffToken).header("If-Match", "\"5\"")
                .contentType("application/json").body("{\"note\":\"Crew sent back with asphalt\"}")
                .post("/api/v1/tickets/{id}/accept", t.ticketId).then().statusCode(200)
                .body("status", equalTo("ACCEPTED")).body("version", equalTo(6));

        // The supervisor's row: one open ticket, nothing resolved now, one dispute (satisfaction 0).
        String supervisor = DevJwt.forRole("supervisor").area("YL-YH").sign();
        await().atMost(WAIT).untilAsserted(() -> stats(supervisor, t, "department").then().statusCode(200)
                .body("rows", hasSize(1))
                .body("rows[0].key", equalTo(YUNHU_URBAN))
                .body("rows[0].received", equalTo(1))
                .body("rows[0].open", equalTo(1))
                .body("rows[0].resolved", equalTo(0))
                .body("rows[0].disputed", equalTo(1))
                .body("rows[0].satisfactionRate", equalTo(0.0f)));
    }

    /** What a scenario needs to go on with a ticket it created. */
    private record Ticket(UUID reportId, String ticketId, String rider, String riderToken, String staffToken,
                          OffsetDateTime assignedAt, String grid, String category) {
    }

    /** A rider's report, then Yunhu's urban management accepts, starts and resolves the ticket it became. */
    private static Ticket reportAndWorkToResolved(String category, String description, double lat, double lon, String grid) {
        UUID reportId = UUID.randomUUID();
        String ticketId = "T-" + reportId;
        String rider = "eleme:" + reportId.toString().substring(0, 8);
        String riderToken = DevJwt.forRole("reporter").subject(rider).sign();
        String staffToken = DevJwt.forRole("staff").dept(YUNHU_URBAN).subject("clerk-yunhu").sign();

        given().baseUri(gridwatch.intake()).auth().oauth2(riderToken).contentType("application/json")
                .body("""
                        {"reportId":"%s","category":"%s","description":"%s","location":{"lat":%s,"lon":%s,"accuracyM":6}}"""
                        .formatted(reportId, category, description, lat, lon))
                .post("/api/v1/reports").then().statusCode(202).body("status", equalTo("SUBMITTED"));

        // The right department sees it, and only it.
        await().atMost(WAIT).untilAsserted(() -> given().baseUri(gridwatch.resolution()).auth().oauth2(staffToken)
                .get("/api/v1/tickets/{id}", ticketId).then().statusCode(200));
        Response ticket = given().baseUri(gridwatch.resolution()).auth().oauth2(staffToken)
                .get("/api/v1/tickets/{id}", ticketId);
        ticket.then().statusCode(200).header("ETag", "\"1\"")
                .body("status", equalTo("ASSIGNED"))
                .body("category", equalTo(category))
                .body("departmentId", equalTo(YUNHU_URBAN))
                .body("gridCode", equalTo(grid))
                .body("reports.reportId", contains(reportId.toString()));
        given().baseUri(gridwatch.resolution()).auth().oauth2(DevJwt.forRole("staff").dept("D-URBAN-GL").sign())
                .get("/api/v1/tickets/{id}", ticketId).then().statusCode(404);
        OffsetDateTime assignedAt = OffsetDateTime.parse(ticket.jsonPath().getString("assignedAt"));

        act(staffToken, ticketId, "accept", 1, "{\"note\":\"On our list\"}").then().body("status", equalTo("ACCEPTED"));
        act(staffToken, ticketId, "start", 2, "{}").then().body("status", equalTo("IN_PROGRESS"));
        // A stale version is refused; the current one resolves.
        act(staffToken, ticketId, "resolve", 2, "{\"note\":\"Fixed\"}").then().statusCode(412);
        act(staffToken, ticketId, "resolve", 3,
                "{\"note\":\"Repaired by the road crew\",\"evidenceUrls\":[\"https://img.example.cn/fix/" + reportId + ".jpg\"]}")
                .then().body("status", equalTo("RESOLVED")).body("version", equalTo(4));

        await().atMost(WAIT).untilAsserted(() -> given().baseUri(gridwatch.intake()).auth().oauth2(riderToken)
                .get("/api/v1/reports/{id}", reportId).then().statusCode(200)
                .body("status", equalTo("RESOLVED"))
                .body("ticketId", equalTo(ticketId))
                .body("departmentId", equalTo(YUNHU_URBAN)));
        return new Ticket(reportId, ticketId, rider, riderToken, staffToken, assignedAt, grid, category);
    }

    private static Response act(String token, String ticketId, String action, long version, String body) {
        Response r = given().baseUri(gridwatch.resolution()).auth().oauth2(token).header("If-Match", "\"" + version + "\"")
                .contentType("application/json").body(body)
                .post("/api/v1/tickets/{id}/{action}", ticketId, action);
        if (r.statusCode() != 412) {
            r.then().statusCode(200);
        }
        return r;
    }

    /** The ticket's own statistics: its grid and category, the second it was assigned in. */
    private static Response stats(String supervisor, Ticket t, String groupBy) {
        return given().baseUri(gridwatch.resolution()).auth().oauth2(supervisor)
                .queryParam("groupBy", groupBy)
                .queryParam("area", t.grid)
                .queryParam("category", t.category)
                .queryParam("from", t.assignedAt.minusSeconds(1).toString())
                .queryParam("to", t.assignedAt.plusSeconds(1).toString())
                .get("/api/v1/stats/resolution");
    }
}
