package org.gridwatch.intake;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.gridwatch.intake.Riders.WAIT;
import static org.gridwatch.intake.Riders.assigned;
import static org.gridwatch.intake.Riders.changed;
import static org.gridwatch.intake.Riders.merged;
import static org.gridwatch.intake.Riders.newArea;
import static org.gridwatch.intake.Riders.newDepartment;
import static org.gridwatch.intake.Riders.newRider;
import static org.gridwatch.intake.Riders.newTicket;
import static org.gridwatch.intake.Riders.now;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.gridwatch.contracts.Topics;
import org.gridwatch.contracts.events.GridWatchEvent;
import org.gridwatch.contracts.events.TicketStatus;
import org.gridwatch.contracts.events.TicketStatusChanged;
import org.gridwatch.infra.DevJwt;
import org.gridwatch.infra.testing.GridWatchTestResource;
import org.gridwatch.intake.Riders.Rider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * Points for reports that led to a fix, from resolution's ticket events on the real broker: more for the
 * first reporter than for corroborating ones, none for a rejected ticket, once per ticket whatever the
 * redelivery or reopening; the leaderboard ranks reporters under pseudonyms, filtered by area and time.
 */
@QuarkusTest
@QuarkusTestResource(value = GridWatchTestResource.class, initArgs = @ResourceArg(name = "database", value = "intake_rider_test"))
class ReporterPointsTest {

    @Inject
    ObjectMapper mapper;

    @BeforeEach
    void catalogue() {
        Riders.seedCatalogue(mapper);
    }

    @Test
    void theFirstReporterEarnsTenAndACorroboratingReporterThreeWhenTheTicketIsResolved() {
        Rider first = newRider();
        Rider second = newRider();
        UUID firstReport = first.file();
        UUID secondReport = second.file();
        String ticketId = newTicket();
        String dept = newDepartment();
        List<String> path = List.of("YL", newArea());
        OffsetDateTime t0 = now();

        publish(Topics.ASSIGNMENTS, assigned(ticketId, firstReport, first.sub(), dept, path, t0));
        publish(Topics.ASSIGNMENTS, merged(ticketId, secondReport, second.sub(), dept, path, 2, t0.plusMinutes(1)));
        second.awaitStatus(secondReport, "MERGED");
        OffsetDateTime resolvedAt = t0.plusHours(3);
        publish(Topics.TICKET_EVENTS, changed(ticketId, List.of(firstReport, secondReport), dept, TicketStatus.IN_PROGRESS,
                TicketStatus.RESOLVED, resolvedAt, "Cover replaced"));
        first.awaitStatus(firstReport, "RESOLVED");
        second.awaitStatus(secondReport, "RESOLVED");

        first.me().statusCode(200)
                .body("reporterId", equalTo(first.sub()))
                .body("alias", startsWith("rider-"))
                .body("points", equalTo(10))
                .body("tickets", equalTo(1))
                .body("firstReports", equalTo(1))
                .body("corroborations", equalTo(0))
                .body("credits.items", hasSize(1))
                .body("credits.items[0].ticketId", equalTo(ticketId))
                .body("credits.items[0].reportId", equalTo(firstReport.toString()))
                .body("credits.items[0].role", equalTo("FIRST_REPORTER"))
                .body("credits.items[0].points", equalTo(10))
                .body("credits.items[0].ticketStatus", equalTo("RESOLVED"))
                .body("credits.items[0].category", equalTo("MANHOLE_COVER"))
                .body("credits.nextCursor", nullValue());
        assertTrue(resolvedAt.isEqual(OffsetDateTime.parse(first.me().extract().path("credits.items[0].creditedAt"))),
                "credited at the time the ticket was resolved");
        second.me().statusCode(200)
                .body("points", equalTo(3))
                .body("firstReports", equalTo(0))
                .body("corroborations", equalTo(1))
                .body("credits.items[0].role", equalTo("CORROBORATING"))
                .body("credits.items[0].reportId", equalTo(secondReport.toString()));
    }

    @Test
    void aRejectedTicketEarnsNothing() {
        Rider rider = newRider();
        UUID reportId = rider.file();
        String ticketId = newTicket();
        String dept = newDepartment();
        OffsetDateTime t0 = now();

        publish(Topics.ASSIGNMENTS, assigned(ticketId, reportId, rider.sub(), dept, List.of("YL", newArea()), t0));
        publish(Topics.TICKET_EVENTS, changed(ticketId, List.of(reportId), dept, TicketStatus.ASSIGNED,
                TicketStatus.REJECTED, t0.plusMinutes(30), "Not a hazard"));
        rider.awaitStatus(reportId, "REJECTED");

        rider.me().statusCode(200)
                .body("points", equalTo(0))
                .body("tickets", equalTo(0))
                .body("credits.items", empty());
    }

    @Test
    void redeliveryAndResolvedReopenedResolvedClosedCreditEachReporterOnce() {
        Rider first = newRider();
        Rider second = newRider();
        Rider late = newRider();
        UUID firstReport = first.file();
        UUID secondReport = second.file();
        UUID secondAgain = second.file();
        UUID lateReport = late.file();
        String ticketId = newTicket();
        String dept = newDepartment();
        List<String> path = List.of("YL", newArea());
        OffsetDateTime t0 = now();

        // The ticket event overtakes routing's: the report it lists first is taken as the first report.
        TicketStatusChanged resolved = changed(ticketId, List.of(firstReport, secondReport, secondAgain), dept,
                TicketStatus.IN_PROGRESS, TicketStatus.RESOLVED, t0.plusHours(1), "Fixed");
        publish(Topics.TICKET_EVENTS, resolved);
        publish(Topics.TICKET_EVENTS, resolved);
        first.awaitStatus(firstReport, "RESOLVED");
        publish(Topics.ASSIGNMENTS, assigned(ticketId, firstReport, first.sub(), dept, path, t0));
        publish(Topics.ASSIGNMENTS, merged(ticketId, secondReport, second.sub(), dept, path, 2, t0.plusMinutes(1)));
        publish(Topics.ASSIGNMENTS, merged(ticketId, secondAgain, second.sub(), dept, path, 2, t0.plusMinutes(2)));
        publish(Topics.TICKET_EVENTS, resolved);
        publish(Topics.TICKET_EVENTS, changed(ticketId, List.of(firstReport, secondReport, secondAgain), dept,
                TicketStatus.RESOLVED, TicketStatus.REOPENED, t0.plusHours(2), "Still missing"));
        // Reopened tickets take merges again: the late reporter joins, and earns on the next resolution.
        publish(Topics.ASSIGNMENTS, merged(ticketId, lateReport, late.sub(), dept, path, 3, t0.plusHours(3)));
        late.awaitStatus(lateReport, "MERGED");
        List<UUID> all = List.of(firstReport, secondReport, secondAgain, lateReport);
        publish(Topics.TICKET_EVENTS, changed(ticketId, all, dept, TicketStatus.IN_PROGRESS, TicketStatus.RESOLVED,
                t0.plusHours(4), "Fixed for good"));
        TicketStatusChanged closed = changed(ticketId, all, dept, TicketStatus.RESOLVED, TicketStatus.CLOSED,
                t0.plusHours(5), null);
        publish(Topics.TICKET_EVENTS, closed);
        publish(Topics.TICKET_EVENTS, closed);
        for (Rider rider : List.of(first, second, late)) {
            UUID report = rider == first ? firstReport : rider == second ? secondReport : lateReport;
            rider.awaitStatus(report, "CLOSED");
        }

        first.me().statusCode(200).body("points", equalTo(10)).body("credits.items", hasSize(1))
                .body("credits.items[0].ticketStatus", equalTo("RESOLVED"));
        second.me().statusCode(200).body("points", equalTo(3)).body("credits.items", hasSize(1))
                .body("credits.items[0].role", equalTo("CORROBORATING"));
        late.me().statusCode(200).body("points", equalTo(3)).body("credits.items", hasSize(1))
                .body("credits.items[0].ticketStatus", equalTo("RESOLVED"));
        assertTrue(t0.plusHours(4).isEqual(OffsetDateTime.parse(late.me().extract().path("credits.items[0].creditedAt"))));
    }

    @Test
    void theLeaderboardRanksByPointsUnderPseudonymsAndFiltersByAreaAndTime() {
        String area = newArea();
        List<String> west = List.of("YL", area, area + "-W");
        List<String> east = List.of("YL", area, area + "-E");
        Rider a = newRider();
        Rider b = newRider();
        Rider c = newRider();
        OffsetDateTime t0 = now();
        // T1 (west, resolved t0+1h): a first, b corroborates. T2 (west, t0+3h): b first. T3 (east, t0+3h): c first, a corroborates.
        fixedTicket(west, t0, t0.plusHours(1), a, b);
        fixedTicket(west, t0, t0.plusHours(3), b);
        fixedTicket(east, t0, t0.plusHours(3), c, a);
        String supervisor = DevJwt.forRole("supervisor").area(area).sign();
        await().atMost(WAIT).untilAsserted(() -> board(supervisor, Map.of("area", area)).statusCode(200)
                .body("items.points", contains(13, 13, 10)));

        ValidatableResponse whole = board(a.token(), Map.of("area", area)).statusCode(200)
                .body("items.rank", contains(1, 1, 3))
                .body("items.points", contains(13, 13, 10))
                .body("items.tickets", contains(2, 2, 1))
                .body("nextCursor", nullValue());
        List<Map<String, Object>> rows = whole.extract().jsonPath().getList("items");
        Map<String, Object> mine = rows.stream().filter(r -> Boolean.TRUE.equals(r.get("you"))).findFirst().orElseThrow();
        assertEquals(a.sub(), mine.get("reporter"), "the caller sees their own id on their own row");
        assertEquals(1, mine.get("firstReports"));
        for (Map<String, Object> row : rows) {
            String shown = (String) row.get("reporter");
            if (row != mine) {
                assertTrue(shown.matches("rider-[0-9a-f]{12}"), shown);
                assertFalse(shown.contains(b.sub()) || shown.contains(c.sub()));
            }
        }
        String cAlias = c.me().extract().path("alias");
        assertEquals(cAlias, rows.get(2).get("reporter"), "others appear under the alias they see in their own balance");

        board(a.token(), Map.of("area", area + "-W")).statusCode(200)
                .body("items.points", contains(13, 10))
                .body("items.reporter", contains(b.me().extract().path("alias"), a.sub()));
        board(a.token(), Map.of("area", area + "-E")).statusCode(200).body("items.points", contains(10, 3));
        board(a.token(), Map.of("area", area, "from", t0.plusHours(2).toString())).statusCode(200)
                .body("items.rank", contains(1, 1, 3))
                .body("items.points", contains(10, 10, 3));
        board(a.token(), Map.of("area", area, "to", t0.plusHours(2).toString())).statusCode(200)
                .body("items.points", contains(10, 3));
        // from is inclusive, to exclusive: T1 only.
        board(a.token(), Map.of("area", area, "from", t0.plusHours(1).toString(), "to", t0.plusHours(3).toString()))
                .statusCode(200).body("items.points", contains(10, 3));

        // Pages of one: the same rows, in the same order, with their ranks.
        List<Object> paged = new ArrayList<>();
        List<Object> ranks = new ArrayList<>();
        String cursor = null;
        do {
            Map<String, Object> query = new java.util.HashMap<>(Map.of("area", area, "limit", 1));
            if (cursor != null) {
                query.put("cursor", cursor);
            }
            ValidatableResponse page = board(a.token(), query).statusCode(200).body("items", hasSize(1));
            paged.add(page.extract().path("items[0].reporter"));
            ranks.add(page.extract().path("items[0].rank"));
            cursor = page.extract().path("nextCursor");
        } while (cursor != null && paged.size() < 5);
        assertEquals(rows.stream().map(r -> r.get("reporter")).toList(), paged);
        assertEquals(List.of(1, 1, 3), ranks);

        // Who may read it: reporters and admins everything, a supervisor their own area only, staff nothing.
        board(DevJwt.forRole("admin").sign(), Map.of("area", area)).statusCode(200).body("items", hasSize(3))
                .body("items.you", contains(false, false, false));
        board(DevJwt.forRole("supervisor").area(area + "-E").sign(), Map.of("area", area)).statusCode(200)
                .body("items.points", contains(10, 3));
        board(DevJwt.forRole("supervisor").area("LH").sign(), Map.of("area", area)).statusCode(200).body("items", empty());
        board(DevJwt.forRole("supervisor").sign(), Map.of("area", area)).statusCode(403).contentType("application/problem+json");
        board(DevJwt.forRole("staff").dept("D-URBAN-YL").sign(), Map.of("area", area)).statusCode(403);
        given().get("/api/v1/reporters/leaderboard").then().statusCode(401);
    }

    @Test
    void badLeaderboardParametersAre400NamingTheParameter() {
        String token = newRider().token();
        assertBad(token, Map.of("area", "not an area!"), "area");
        assertBad(token, Map.of("from", "yesterday"), "from");
        assertBad(token, Map.of("to", "2026-11-01"), "to");
        assertBad(token, Map.of("from", "2026-11-02T00:00:00Z", "to", "2026-11-01T00:00:00Z"), "to");
        assertBad(token, Map.of("limit", 0), "limit");
        assertBad(token, Map.of("limit", 201), "limit");
        assertBad(token, Map.of("cursor", "garbage"), "cursor");
        given().auth().oauth2(token).queryParam("cursor", "garbage").get("/api/v1/reporters/me").then()
                .statusCode(400).body("errors.field", hasItem("cursor"));
    }

    @Test
    void aBalanceIsTheReportersOwnAndPagesThroughTheCreditsNewestFirst() {
        Rider rider = newRider();
        OffsetDateTime t0 = now();
        List<String> path = List.of("YL", newArea());
        List<String> tickets = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            tickets.add(fixedTicket(path, t0, t0.plusHours(i), rider));
        }
        await().atMost(WAIT).untilAsserted(() -> rider.me().statusCode(200).body("points", equalTo(30)));

        ValidatableResponse first = given().auth().oauth2(rider.token()).queryParam("limit", 2).get("/api/v1/reporters/me")
                .then().statusCode(200).body("points", equalTo(30)).body("tickets", equalTo(3))
                .body("credits.items.ticketId", contains(tickets.get(2), tickets.get(1)));
        String cursor = first.extract().path("credits.nextCursor");
        assertNotNull(cursor);
        given().auth().oauth2(rider.token()).queryParam("limit", 2).queryParam("cursor", cursor).get("/api/v1/reporters/me")
                .then().statusCode(200).body("credits.items.ticketId", contains(tickets.get(0)))
                .body("credits.nextCursor", nullValue());

        newRider().me().statusCode(200).body("points", equalTo(0)).body("credits.items", empty());
        given().auth().oauth2(DevJwt.forRole("staff").dept("D-URBAN-YL").sign()).get("/api/v1/reporters/me").then().statusCode(403);
        given().auth().oauth2(DevJwt.forRole("supervisor").area("YL").sign()).get("/api/v1/reporters/me").then().statusCode(403);
        given().get("/api/v1/reporters/me").then().statusCode(401);
    }

    /** A ticket opened for the first rider's report, with the others' reports merged, resolved at {@code resolvedAt}. */
    private String fixedTicket(List<String> path, OffsetDateTime t0, OffsetDateTime resolvedAt, Rider opener, Rider... others) {
        String ticketId = newTicket();
        String dept = newDepartment();
        UUID opened = opener.file();
        List<UUID> reports = new ArrayList<>(List.of(opened));
        publish(Topics.ASSIGNMENTS, assigned(ticketId, opened, opener.sub(), dept, path, t0));
        for (Rider other : others) {
            UUID report = other.file();
            reports.add(report);
            publish(Topics.ASSIGNMENTS, merged(ticketId, report, other.sub(), dept, path, reports.size(), t0.plusMinutes(reports.size())));
            other.awaitStatus(report, "MERGED");
        }
        publish(Topics.TICKET_EVENTS, changed(ticketId, reports, dept, TicketStatus.IN_PROGRESS, TicketStatus.RESOLVED,
                resolvedAt, "Fixed"));
        opener.awaitStatus(opened, "RESOLVED");
        return ticketId;
    }

    private static ValidatableResponse board(String token, Map<String, ?> query) {
        return given().auth().oauth2(token).queryParams(query).get("/api/v1/reporters/leaderboard").then();
    }

    private static void assertBad(String token, Map<String, ?> query, String field) {
        board(token, query).statusCode(400).contentType("application/problem+json").body("errors.field", hasItem(field));
    }

    private void publish(String topic, GridWatchEvent event) {
        Riders.publish(mapper, topic, event);
    }
}
