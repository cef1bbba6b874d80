package org.gridwatch.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.gridwatch.infra.DevJwt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * A department returns a ticket that is not its own (退单) and routing re-dispatches it, across the packaged
 * services: the rider's report goes in through intake, Gulou's urban management (the demo rule for manhole
 * covers in Gulou) returns it, the city's urban management bureau (the next rule, at city level) gets it, returns
 * it too, and the City Operations Centre (the city's {@code *} rule) gets it. Each department sees the ticket
 * only while it holds it; the rider's view follows every hop.
 */
@ExtendWith(SystemStack.class)
class ReturnRedispatchIT {

    /** Grid YL-GL-01-03-G06 of Gulou District; no other scenario reports a manhole cover near it. */
    private static final double LAT = 34.27;
    private static final double LON = 117.12;
    private static final List<String> AREA_PATH = List.of("YL", "YL-GL", "YL-GL-01", "YL-GL-01-03", "YL-GL-01-03-G06");
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static SystemStack.Services gridwatch;

    @BeforeAll
    static void connect(SystemStack.Services services) {
        gridwatch = services;
    }

    @Test
    void returnedTicketGoesToTheNextRulesDepartmentAndThenToTheOperationsCentre() {
        UUID reportId = UUID.randomUUID();
        String ticketId = "T-" + reportId;
        String rider = "meituan:" + reportId.toString().substring(0, 8);
        String riderToken = DevJwt.forRole("reporter").subject(rider).sign();
        String admin = DevJwt.forRole("admin").sign();
        String gulou = staff("D-URBAN-GL", "clerk-gulou");
        String cityUrban = staff("D-URBAN-YL", "clerk-city");
        String operations = staff("D-OPS-YL", "duty-officer");

        given().baseUri(gridwatch.intake()).auth().oauth2(riderToken).contentType("application/json")
                .body("""
                        {"reportId":"%s","category":"MANHOLE_COVER","description":"Manhole cover missing in the cycle lane",
                         "location":{"lat":%s,"lon":%s}}""".formatted(reportId, LAT, LON))
                .post("/api/v1/reports").then().statusCode(202)
                .header("Location", endsWith("/api/v1/reports/" + reportId))
                .body("reportId", equalTo(reportId.toString()))
                .body("status", equalTo("SUBMITTED"));

        // Routing's decision: the Gulou district rule for manhole covers (P0, resolve in 4 h).
        await().atMost(WAIT).untilAsserted(() -> given().baseUri(gridwatch.routing()).auth().oauth2(admin)
                .get("/api/v1/routing/decisions/{id}", reportId).then().statusCode(200));
        JsonPath decision = given().baseUri(gridwatch.routing()).auth().oauth2(admin)
                .get("/api/v1/routing/decisions/{id}", reportId).then().statusCode(200)
                .body("outcome", equalTo("NEW_TICKET"))
                .body("ticketId", equalTo(ticketId))
                .body("departmentId", equalTo("D-URBAN-GL"))
                .body("ruleId", equalTo("R-0016"))
                .body("gridCode", equalTo("YL-GL-01-03-G06"))
                .body("areaPath", equalTo(AREA_PATH))
                .body("unlocated", equalTo(false))
                .body("priority", equalTo("P0"))
                .extract().jsonPath();

        // Gulou's staff find it in their list, read it for its ETag and return it with a reason.
        await().atMost(WAIT).untilAsserted(() -> given().baseUri(gridwatch.resolution()).auth().oauth2(gulou)
                .queryParam("status", "ASSIGNED").get("/api/v1/tickets").then().statusCode(200)
                .body("items.id", hasItem(ticketId)));
        Response first = given().baseUri(gridwatch.resolution()).auth().oauth2(gulou).get("/api/v1/tickets/{id}", ticketId);
        first.then().statusCode(200)
                .header("ETag", "\"1\"")
                .body("status", equalTo("ASSIGNED"))
                .body("departmentId", equalTo("D-URBAN-GL"))
                .body("category", equalTo("MANHOLE_COVER"))
                .body("priority", equalTo("P0"))
                .body("gridCode", equalTo("YL-GL-01-03-G06"))
                .body("areaPath", equalTo(AREA_PATH))
                .body("reports.reportId", contains(reportId.toString()))
                .body("reports[0].reporterId", equalTo(rider))
                .body("version", equalTo(1))
                .body("history", hasSize(1))
                .body("history[0].from", nullValue())
                .body("history[0].to", equalTo("ASSIGNED"))
                .body("history[0].actor", equalTo("routing-service"))
                .body("history[0].note", equalTo(decision.getString("reason")));
        OffsetDateTime firstAssignedAt = OffsetDateTime.parse(first.path("assignedAt"));
        String gulouReason = "Trunk sewer manhole: the city bureau's asset, not the district's";
        given().baseUri(gridwatch.resolution()).auth().oauth2(gulou).header("If-Match", first.header("ETag"))
                .contentType("application/json").body("{\"note\":\"" + gulouReason + "\"}")
                .post("/api/v1/tickets/{id}/return", ticketId).then().statusCode(200)
                .header("ETag", "\"2\"")
                .body("status", equalTo("RETURNED"))
                .body("departmentId", equalTo("D-URBAN-GL"));

        // Routing's next rule for MANHOLE_COVER on the path without D-URBAN-GL: R-0011 at the city, D-URBAN-YL.
        String toCity = "returned 1 time(s) by D-URBAN-GL (" + gulouReason + "); next rule: rule R-0011 (MANHOLE_COVER at YL) "
                + "assigns D-URBAN-YL";
        await().atMost(WAIT).untilAsserted(() -> given().baseUri(gridwatch.resolution()).auth().oauth2(cityUrban)
                .get("/api/v1/tickets/{id}", ticketId).then().statusCode(200));
        Response second = given().baseUri(gridwatch.resolution()).auth().oauth2(cityUrban).get("/api/v1/tickets/{id}", ticketId);
        second.then().statusCode(200)
                .header("ETag", "\"3\"")
                .body("status", equalTo("ASSIGNED"))
                .body("departmentId", equalTo("D-URBAN-YL"))
                .body("priority", equalTo("P0"))
                .body("overdue", equalTo(false))
                .body("reports.reportId", contains(reportId.toString()))
                .body("history.to", contains("ASSIGNED", "RETURNED", "ASSIGNED"))
                .body("history.from", contains(null, "ASSIGNED", "RETURNED"))
                .body("history.actor", contains("routing-service", "staff:clerk-gulou", "routing-service"))
                .body("history[1].note", equalTo(gulouReason))
                .body("history[2].note", equalTo(toCity));
        assertTrue(OffsetDateTime.parse(second.path("assignedAt")).isAfter(firstAssignedAt),
                "the new department's deadlines run from the re-dispatch");
        given().baseUri(gridwatch.resolution()).auth().oauth2(cityUrban).queryParam("status", "ASSIGNED")
                .get("/api/v1/tickets").then().statusCode(200).body("items.id", hasItem(ticketId));

        // Gulou no longer holds it: 404, as for any ticket of another department, and gone from its list.
        given().baseUri(gridwatch.resolution()).auth().oauth2(gulou).get("/api/v1/tickets/{id}", ticketId).then().statusCode(404)
                .contentType("application/problem+json");
        given().baseUri(gridwatch.resolution()).auth().oauth2(gulou).get("/api/v1/tickets").then().statusCode(200)
                .body("items.id", not(hasItem(ticketId)));

        // The rider sees the ticket with the city bureau, and how it got there. Routing's step and the ticket's
        // carry the same instant (routing's assignedAt, in nanoseconds); the ticket's step counts as the later one.
        await().atMost(WAIT).untilAsserted(() -> given().baseUri(gridwatch.intake()).auth().oauth2(riderToken)
                .get("/api/v1/reports/{id}", reportId).then().statusCode(200)
                .body("departmentId", equalTo("D-URBAN-YL"))
                .body("history", hasSize(6)));
        given().baseUri(gridwatch.intake()).auth().oauth2(riderToken).get("/api/v1/reports/{id}", reportId).then().statusCode(200)
                .body("status", equalTo("ASSIGNED"))
                .body("ticketId", equalTo(ticketId))
                .body("category", equalTo("MANHOLE_COVER"))
                .body("areaPath", equalTo(AREA_PATH))
                .body("history.status", contains("SUBMITTED", "ROUTED", "ASSIGNED", "RETURNED", "ROUTED", "ASSIGNED"))
                .body("history[1].note", equalTo("Assigned to 鼓楼区城市管理局 (Gulou District Urban Management Bureau)"))
                .body("history[3].note", equalTo(gulouReason))
                .body("history[4].note", equalTo("Passed to 云龙市城市管理局 (Yunlong Urban Management Bureau)"))
                .body("history[5].note", equalTo(toCity));

        // The report's routing decision stays what routing decided for the report; the hop is the ticket's.
        given().baseUri(gridwatch.routing()).auth().oauth2(admin).get("/api/v1/routing/decisions/{id}", reportId).then()
                .statusCode(200).body("departmentId", equalTo("D-URBAN-GL")).body("ruleId", equalTo("R-0016"));

        // The city bureau returns it too: no rule names a third department but the city's "*" rule, the
        // City Operations Centre.
        String cityReason = "Inside a residential compound: property management, via the operations centre";
        given().baseUri(gridwatch.resolution()).auth().oauth2(cityUrban).header("If-Match", second.header("ETag"))
                .contentType("application/json").body("{\"note\":\"" + cityReason + "\"}")
                .post("/api/v1/tickets/{id}/return", ticketId).then().statusCode(200)
                .header("ETag", "\"4\"").body("status", equalTo("RETURNED"));
        await().atMost(WAIT).untilAsserted(() -> given().baseUri(gridwatch.resolution()).auth().oauth2(operations)
                .get("/api/v1/tickets/{id}", ticketId).then().statusCode(200));
        given().baseUri(gridwatch.resolution()).auth().oauth2(operations).get("/api/v1/tickets/{id}", ticketId).then()
                .statusCode(200)
                .header("ETag", "\"5\"")
                .body("status", equalTo("ASSIGNED"))
                .body("departmentId", equalTo("D-OPS-YL"))
                .body("history.to", contains("ASSIGNED", "RETURNED", "ASSIGNED", "RETURNED", "ASSIGNED"))
                .body("history[3].actor", equalTo("staff:clerk-city"))
                .body("history[4].note", equalTo("returned 2 time(s) by D-URBAN-YL (" + cityReason + "); next rule: rule R-0001 "
                        + "(any category at YL) assigns D-OPS-YL"));
        given().baseUri(gridwatch.resolution()).auth().oauth2(cityUrban).get("/api/v1/tickets/{id}", ticketId).then().statusCode(404);
        given().baseUri(gridwatch.resolution()).auth().oauth2(gulou).get("/api/v1/tickets/{id}", ticketId).then().statusCode(404);
        await().atMost(WAIT).untilAsserted(() -> given().baseUri(gridwatch.intake()).auth().oauth2(riderToken)
                .get("/api/v1/reports/{id}", reportId).then().statusCode(200)
                .body("departmentId", equalTo("D-OPS-YL"))
                .body("status", equalTo("ASSIGNED"))
                .body("history.status", contains("SUBMITTED", "ROUTED", "ASSIGNED", "RETURNED", "ROUTED", "ASSIGNED", "RETURNED",
                        "ROUTED", "ASSIGNED")));
    }

    private static String staff(String department, String subject) {
        return DevJwt.forRole("staff").subject(subject).dept(department).sign();
    }
}
