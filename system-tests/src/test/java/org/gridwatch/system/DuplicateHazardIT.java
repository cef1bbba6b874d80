package org.gridwatch.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.gridwatch.infra.DevJwt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/**
 * Three riders report the same pothole (DESIGN.md section 3, merge): the first report opens a ticket, the
 * next two are merged into it because they lie within the category's dedup radius and window, and the third
 * distinct reporter raises the ticket's priority one class. A fourth report by one of the same riders joins
 * the ticket too, but does not raise it again: only distinct reporters count. Checked in routing's decisions,
 * in the department's ticket (one ticket, every report, the raised priority, the ETag a merge moves) and in
 * each rider's view.
 */
@ExtendWith(SystemStack.class)
class DuplicateHazardIT {

    /**
     * Grid YL-YH-02-01-G05 of Yunhu District, about 270 m from the grid's interior point (where DemoTraffic
     * reports, so a road-damage ticket of the demo traffic is beyond the 50 m radius); no other scenario
     * reports road damage here.
     */
    private static final double LAT = 34.2060;
    private static final double LON = 117.2290;
    private static final String GRID = "YL-YH-02-01-G05";
    private static final List<String> AREA_PATH = List.of("YL", "YL-YH", "YL-YH-02", "YL-YH-02-01", GRID);
    private static final String CATEGORY = "ROAD_DAMAGE";
    private static final String DEPARTMENT = "D-URBAN-YH";
    private static final String DEPARTMENT_NAME = "云湖区城市管理局 (Yunhu District Urban Management Bureau)";
    private static final List<String> AREA_NAMES = List.of("云龙市 Yunlong City", "云湖区 Yunhu District", "大庙街道 Damiao Subdistrict",
            "华苑社区 Huayuan Community", "华苑社区第05网格 Huayuan Community Grid 05");
    private static final double METRES_PER_DEGREE_LAT = 6_371_008.8 * Math.PI / 180;
    private static final Pattern MERGE_REASON = Pattern.compile(
            "MERGED into (T-[0-9a-f-]+), (\\d+) m away, opened \\S+; (\\d+) distinct reporter\\(s\\)(, priority raised to (P\\d))?");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(300);

    private static SystemStack.Services gridwatch;

    @BeforeAll
    static void connect(SystemStack.Services services) {
        gridwatch = services;
    }

    @Test
    void threeRidersReportingOnePotholeMakeOneTicketWhosePriorityRisesOnceWithTheThirdRider() {
        String admin = DevJwt.forRole("admin").sign();
        String staff = DevJwt.forRole("staff").subject("inspector-yunhu").dept(DEPARTMENT).sign();

        // The catalogue says how near (and how recent) another report must be to count as the same hazard.
        JsonPath category = given().baseUri(gridwatch.routing()).auth().oauth2(admin)
                .get("/api/v1/categories/{code}", CATEGORY).then().statusCode(200)
                .body("code", equalTo(CATEGORY))
                .body("active", equalTo(true))
                .body("priority", equalTo("P2"))
                .extract().jsonPath();
        int radiusM = category.getInt("dedupRadiusM");
        int windowHours = category.getInt("dedupWindowHours");
        assertTrue(radiusM >= 10 && windowHours >= 1, "road damage must merge: radius " + radiusM + " m, window " + windowHours + " h");
        double stepM = radiusM * 0.3;

        String run = UUID.randomUUID().toString().substring(0, 8);
        Rider meituan = Rider.of("meituan:" + run);
        Rider eleme = Rider.of("eleme:" + run);
        Rider didi = Rider.of("didi:" + run);

        // First rider: a new ticket for Yunhu's urban management (district rule R-0029), the category's P2.
        UUID first = report(meituan, LAT, LON, "Deep pothole across the bike lane, riders swerve into traffic");
        String ticketId = "T-" + first;
        decision(admin, first)
                .body("outcome", equalTo("NEW_TICKET"))
                .body("ticketId", equalTo(ticketId))
                .body("departmentId", equalTo(DEPARTMENT))
                .body("ruleId", equalTo("R-0029"))
                .body("gridCode", equalTo(GRID))
                .body("areaPath", equalTo(AREA_PATH))
                .body("unlocated", equalTo(false))
                .body("priority", equalTo("P2"))
                .body("reason", equalTo("grid " + GRID + ": rule R-0029 (ROAD_DAMAGE at YL-YH) assigns " + DEPARTMENT));

        // Second rider, a few metres north: merged, two reporters, no raise yet.
        UUID second = report(eleme, LAT + north(stepM), LON, "Pothole on the bike lane by the bus stop");
        assertMerged(decision(admin, second).extract().jsonPath(), ticketId, radiusM, 2, "P2", null);

        // Third rider, a few metres east: merged, three distinct reporters, priority raised one class.
        UUID third = report(didi, LAT, LON + east(stepM), "Big hole in the road surface, bike lane");
        assertMerged(decision(admin, third).extract().jsonPath(), ticketId, radiusM, 3, "P1", "P1");

        // One ticket in resolution carries all three reports and the raised priority. A merge is no status
        // change (no history line), but it changes the ticket, so its version (the ETag) moves.
        await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> given().baseUri(gridwatch.resolution()).auth().oauth2(staff)
                .get("/api/v1/tickets/{id}", ticketId).then().statusCode(200).body("reports", hasSize(3)));
        given().baseUri(gridwatch.resolution()).auth().oauth2(staff).get("/api/v1/tickets/{id}", ticketId).then()
                .statusCode(200)
                .header("ETag", "\"3\"")
                .body("status", equalTo("ASSIGNED"))
                .body("category", equalTo(CATEGORY))
                .body("priority", equalTo("P1"))
                .body("departmentId", equalTo(DEPARTMENT))
                .body("gridCode", equalTo(GRID))
                .body("areaPath", equalTo(AREA_PATH))
                .body("location.lat", equalTo((float) LAT))
                .body("location.lon", equalTo((float) LON))
                .body("reports.reportId", contains(first.toString(), second.toString(), third.toString()))
                .body("reports.reporterId", contains(meituan.id(), eleme.id(), didi.id()))
                .body("version", equalTo(3))
                .body("history", hasSize(1))
                .body("history[0].to", equalTo("ASSIGNED"));

        // Each rider sees the same ticket; the two merged reports say so, with the ticket's department and area.
        await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> {
            riderView(meituan, first).body("ticketId", equalTo(ticketId))
                    .body("status", equalTo("ASSIGNED"))
                    .body("departmentId", equalTo(DEPARTMENT))
                    .body("departmentName", equalTo(DEPARTMENT_NAME))
                    .body("areaPath", equalTo(AREA_PATH))
                    .body("areaNames", equalTo(AREA_NAMES))
                    .body("history.status", contains("SUBMITTED", "ROUTED", "ASSIGNED"));
            for (Map.Entry<Rider, UUID> merged : Map.of(eleme, second, didi, third).entrySet()) {
                riderView(merged.getKey(), merged.getValue()).body("ticketId", equalTo(ticketId))
                        .body("status", equalTo("MERGED"))
                        .body("departmentId", equalTo(DEPARTMENT))
                        .body("departmentName", equalTo(DEPARTMENT_NAME))
                        .body("areaPath", equalTo(AREA_PATH))
                        .body("areaNames", equalTo(AREA_NAMES))
                        .body("history.status", contains("SUBMITTED", "MERGED"))
                        .body("history[1].note", containsString("Joined ticket " + ticketId));
            }
        });

        // The second rider passes again and reports once more, south-west of the first: merged, but the same
        // three distinct reporters, so the priority stays P1 (a raise per report would make it P0 now).
        UUID again = report(eleme, LAT - north(stepM * 0.7), LON - east(stepM * 0.7), "Still there, someone fell off a scooter");
        assertMerged(decision(admin, again).extract().jsonPath(), ticketId, radiusM, 3, "P1", null);
        await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> given().baseUri(gridwatch.resolution()).auth().oauth2(staff)
                .get("/api/v1/tickets/{id}", ticketId).then().statusCode(200).body("reports", hasSize(4)));
        given().baseUri(gridwatch.resolution()).auth().oauth2(staff).get("/api/v1/tickets/{id}", ticketId).then()
                .statusCode(200)
                .header("ETag", "\"4\"")
                .body("priority", equalTo("P1"))
                .body("status", equalTo("ASSIGNED"))
                .body("reports.reportId", contains(first.toString(), second.toString(), third.toString(), again.toString()))
                .body("reports.reporterId", contains(meituan.id(), eleme.id(), didi.id(), eleme.id()));

        // Staff who read the ticket before the last merge act on a stale version: 412, then with the current one.
        given().baseUri(gridwatch.resolution()).auth().oauth2(staff).header("If-Match", "\"3\"").contentType("application/json")
                .body("{\"note\":\"Crew on the way\"}").post("/api/v1/tickets/{id}/accept", ticketId).then()
                .statusCode(412).contentType("application/problem+json");
        given().baseUri(gridwatch.resolution()).auth().oauth2(staff).header("If-Match", "\"4\"").contentType("application/json")
                .body("{\"note\":\"Crew on the way\"}").post("/api/v1/tickets/{id}/accept", ticketId).then()
                .statusCode(200)
                .header("ETag", "\"5\"")
                .body("status", equalTo("ACCEPTED"))
                .body("priority", equalTo("P1"))
                .body("history.to", contains("ASSIGNED", "ACCEPTED"))
                .body("history[1].actor", equalTo("staff:inspector-yunhu"));

        // Exactly one ticket holds these reports: the department's road-damage tickets in this grid (the demo
        // traffic may have its own there) carry them only on this one, and no other department has it.
        List<Map<String, Object>> holding = given().baseUri(gridwatch.resolution()).auth().oauth2(staff)
                .queryParam("category", CATEGORY).queryParam("area", GRID).queryParam("limit", 200)
                .get("/api/v1/tickets").then().statusCode(200).body("nextCursor", nullValue())
                .extract().jsonPath().getList("items.findAll { t -> t.reports.any { r -> r.reportId in ['%s', '%s', '%s', '%s'] } }"
                        .formatted(first, second, third, again));
        assertEquals(List.of(ticketId), holding.stream().map(t -> t.get("id")).toList());
        given().baseUri(gridwatch.resolution()).auth().oauth2(DevJwt.forRole("staff").dept("D-URBAN-YL").sign())
                .get("/api/v1/tickets/{id}", ticketId).then().statusCode(404);

        // The ticket's status change reaches every report on it, merged ones included.
        await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> {
            for (Map.Entry<UUID, Rider> report : Map.of(first, meituan, second, eleme, third, didi, again, eleme).entrySet()) {
                riderView(report.getValue(), report.getKey()).body("ticketId", equalTo(ticketId))
                        .body("status", equalTo("ACCEPTED"))
                        .body("departmentId", equalTo(DEPARTMENT));
            }
        });
        given().baseUri(gridwatch.intake()).auth().oauth2(eleme.token()).get("/api/v1/reports").then().statusCode(200)
                .body("items.reportId", containsInAnyOrder(second.toString(), again.toString()))
                .body("items.ticketId", contains(ticketId, ticketId))
                .body("items.status", contains("ACCEPTED", "ACCEPTED"));
        // And a rider still sees only their own report, even on a shared ticket.
        given().baseUri(gridwatch.intake()).auth().oauth2(didi.token()).get("/api/v1/reports/{id}", first).then().statusCode(404);
        given().baseUri(gridwatch.intake()).auth().oauth2(didi.token()).get("/api/v1/reports").then().statusCode(200)
                .body("items.reportId", not(hasItem(first.toString())));
    }

    /** A rider and their development token. */
    private record Rider(String id, String token) {
        static Rider of(String id) {
            return new Rider(id, DevJwt.forRole("reporter").subject(id).sign());
        }
    }

    /** Submits a report (202) and returns its id. */
    private static UUID report(Rider rider, double lat, double lon, String description) {
        UUID reportId = UUID.randomUUID();
        given().baseUri(gridwatch.intake()).auth().oauth2(rider.token()).contentType("application/json")
                .body("""
                        {"reportId":"%s","category":"%s","description":"%s","location":{"lat":%s,"lon":%s,"accuracyM":5}}"""
                        .formatted(reportId, CATEGORY, description, lat, lon))
                .post("/api/v1/reports").then().statusCode(202)
                .header("Location", endsWith("/api/v1/reports/" + reportId))
                .body("reportId", equalTo(reportId.toString()))
                .body("status", equalTo("SUBMITTED"));
        return reportId;
    }

    /** Routing's recorded decision for the report, once there is one. */
    private static ValidatableResponse decision(String admin, UUID reportId) {
        await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> given().baseUri(gridwatch.routing()).auth().oauth2(admin)
                .get("/api/v1/routing/decisions/{id}", reportId).then().statusCode(200));
        return given().baseUri(gridwatch.routing()).auth().oauth2(admin).get("/api/v1/routing/decisions/{id}", reportId).then()
                .statusCode(200);
    }

    /** A MERGED decision into {@code ticketId}, within the radius, with the distinct reporters and the priority after it. */
    private static void assertMerged(JsonPath decision, String ticketId, int radiusM, int reporters, String priority, String raisedTo) {
        assertEquals("MERGED", decision.getString("outcome"));
        assertEquals(ticketId, decision.getString("ticketId"));
        assertEquals(DEPARTMENT, decision.getString("departmentId"));
        assertEquals(GRID, decision.getString("gridCode"));
        assertEquals(AREA_PATH, decision.getList("areaPath"));
        assertNull(decision.getString("ruleId"), "a merge applies no rule");
        assertEquals(priority, decision.getString("priority"));
        String reason = decision.getString("reason");
        Matcher m = MERGE_REASON.matcher(reason);
        assertTrue(m.matches(), "merge reason: " + reason);
        assertEquals(ticketId, m.group(1));
        assertTrue(Integer.parseInt(m.group(2)) <= radiusM, "within the dedup radius: " + reason);
        assertEquals(reporters, Integer.parseInt(m.group(3)), reason);
        assertEquals(raisedTo, m.group(5), reason);
    }

    private static ValidatableResponse riderView(Rider rider, UUID reportId) {
        return given().baseUri(gridwatch.intake()).auth().oauth2(rider.token()).get("/api/v1/reports/{id}", reportId).then()
                .statusCode(200);
    }

    private static double north(double metres) {
        return metres / METRES_PER_DEGREE_LAT;
    }

    private static double east(double metres) {
        return metres / (METRES_PER_DEGREE_LAT * Math.cos(Math.toRadians(LAT)));
    }
}
