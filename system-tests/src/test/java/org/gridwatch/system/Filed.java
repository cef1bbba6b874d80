package org.gridwatch.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.gridwatch.infra.DevJwt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A rider's report that routing has assigned and resolution shows to its department: what the security
 * scenarios need to ask for someone else's object. Use categories that never merge (CIVIC_SUGGESTION and OTHER
 * have a dedup radius and window of 0) so that no other scenario's report can join the ticket.
 *
 * @param reportId   the report
 * @param ticketId   its ticket ({@code T-<reportId>})
 * @param rider      the rider's subject
 * @param riderToken the rider's token
 * @param department the department routing chose
 * @param staffToken a token of that department's staff
 * @param grid       the grid of the report
 */
record Filed(UUID reportId, String ticketId, String rider, String riderToken, String department, String staffToken, String grid) {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** How long the city's count must stay unchanged to count as settled ({@link #settledCityReports}). */
    private static final Duration SETTLE = Duration.ofMillis(2500);
    /** The statistics' time zone (resolution's default), whose days the counts are cut in. */
    private static final ZoneId STATS_ZONE = ZoneId.of("Asia/Shanghai");
    private static final String CITY_SUPERVISOR = DevJwt.forRole("supervisor").subject("sup:city").area("YL").sign();

    /**
     * Files a report as {@code rider} and waits until the expected department holds its ticket (routing's
     * decision asserted: department and grid), and the rider's view shows that department.
     */
    static Filed file(SystemStack.Services gridwatch, String rider, String category, double lat, double lon, String description,
                      String department, String grid) {
        UUID reportId = UUID.randomUUID();
        String riderToken = DevJwt.forRole("reporter").subject(rider).sign();
        given().baseUri(gridwatch.intake()).auth().oauth2(riderToken).contentType("application/json")
                .body(json(Map.of("reportId", reportId.toString(), "category", category, "description", description,
                        "location", Map.of("lat", lat, "lon", lon))))
                .post("/api/v1/reports").then().statusCode(202);
        String ticketId = "T-" + reportId;
        String staffToken = DevJwt.forRole("staff").dept(department).subject("clerk:" + department).sign();
        String admin = DevJwt.forRole("admin").sign();
        await().atMost(WAIT).untilAsserted(() -> given().baseUri(gridwatch.routing()).auth().oauth2(admin)
                .get("/api/v1/routing/decisions/{id}", reportId).then().statusCode(200));
        given().baseUri(gridwatch.routing()).auth().oauth2(admin).get("/api/v1/routing/decisions/{id}", reportId).then()
                .statusCode(200).body("outcome", equalTo("NEW_TICKET")).body("departmentId", equalTo(department))
                .body("gridCode", equalTo(grid));
        await().atMost(WAIT).untilAsserted(() -> given().baseUri(gridwatch.resolution()).auth().oauth2(staffToken)
                .get("/api/v1/tickets/{id}", ticketId).then().statusCode(200));
        await().atMost(WAIT).untilAsserted(() -> given().baseUri(gridwatch.intake()).auth().oauth2(riderToken)
                .get("/api/v1/reports/{id}", reportId).then().statusCode(200).body("departmentId", equalTo(department)));
        return new Filed(reportId, ticketId, rider, riderToken, department, staffToken, grid);
    }

    /**
     * The reports the city supervisor's statistics count for tickets assigned from yesterday to the day after
     * tomorrow (the figure {@link DemoTrafficIT} watches), all departments together.
     */
    private static long cityReports(SystemStack.Services gridwatch) {
        LocalDate today = LocalDate.now(STATS_ZONE);
        List<Number> reports = given().baseUri(gridwatch.resolution()).auth().oauth2(CITY_SUPERVISOR)
                .queryParam("groupBy", "department").queryParam("from", today.minusDays(1).toString())
                .queryParam("to", today.plusDays(2).toString()).get("/api/v1/stats/resolution").then().statusCode(200)
                .extract().path("rows.reports");
        return reports.stream().mapToLong(Number::longValue).sum();
    }

    /**
     * The city's report count once it has settled: unchanged across {@link #SETTLE}, longer than the statistics
     * consumer waits to fill a poll (1 s) and applies it. A class takes its baseline here, because the class before
     * it may have waited only for routing or intake to see its last report (the statistics consume the same records
     * in their own group, a moment later), which would otherwise be counted as this class's.
     */
    static long settledCityReports(SystemStack.Services gridwatch) {
        AtomicLong previous = new AtomicLong(-1);
        await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(SETTLE).until(() -> {
            long now = cityReports(gridwatch);
            return previous.getAndSet(now) == now;
        });
        return previous.get();
    }

    /**
     * Waits until the statistics count every report that these riders filed (none of which can merge) on top of
     * {@code before}, so that a class leaves no report on its way to a later class that counts the city's reports.
     */
    static void awaitCounted(SystemStack.Services gridwatch, long before, String... riderTokens) {
        long filed = 0;
        for (String token : riderTokens) {
            filed += given().baseUri(gridwatch.intake()).auth().oauth2(token).queryParam("limit", 200).get("/api/v1/reports")
                    .then().statusCode(200).extract().<List<?>>path("items").size();
        }
        long expected = before + filed;
        await().atMost(WAIT).untilAsserted(() -> assertEquals(expected, cityReports(gridwatch),
                "reports counted by the statistics, " + before + " before this class"));
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
