package org.gridwatch.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

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

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
