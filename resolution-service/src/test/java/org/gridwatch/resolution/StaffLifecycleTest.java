package org.gridwatch.resolution;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.gridwatch.resolution.TestTickets.act;
import static org.gridwatch.resolution.TestTickets.assign;
import static org.gridwatch.resolution.TestTickets.assignment;
import static org.gridwatch.resolution.TestTickets.newDepartment;
import static org.gridwatch.resolution.TestTickets.newTicketId;
import static org.gridwatch.resolution.TestTickets.staff;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.gridwatch.common.api.Cursor;
import org.gridwatch.contracts.Topics;
import org.gridwatch.contracts.events.ReporterFeedback;
import org.gridwatch.contracts.events.TicketAssigned;
import org.gridwatch.infra.testing.GridWatchTestResource;
import org.gridwatch.infra.testing.TestKafka;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** Staff move tickets through their lifecycle over REST; reporters' feedback arrives over the real broker. */
@QuarkusTest
@QuarkusTestResource(value = GridWatchTestResource.class, initArgs = @ResourceArg(name = "database", value = "resolution_test"))
class StaffLifecycleTest {

    @Inject
    EntityManager em;

    @Test
    void walksEveryLegalTransitionRefusesIllegalOnesAndPublishesEachChangeInOrder() {
        String ticketId = newTicketId();
        String dept = newDepartment("ROADS");
        TicketAssigned assigned = assign(ticketId, dept);
        String token = staff(dept);

        act(token, ticketId, "start", 1L, null).then().statusCode(409).contentType("application/problem+json");
        act(token, ticketId, "resolve", 1L, "{\"note\":\"done\"}").then().statusCode(409);
        act(token, ticketId, "accept", 1L, null).then().statusCode(200).header("ETag", "\"2\"").body("status", equalTo("ACCEPTED"));
        act(token, ticketId, "accept", 2L, null).then().statusCode(409);
        act(token, ticketId, "start", 2L, null).then().statusCode(200).header("ETag", "\"3\"").body("status", equalTo("IN_PROGRESS"));
        act(token, ticketId, "resolve", 3L, "{}").then().statusCode(400).body("errors.field", contains("note"));
        act(token, ticketId, "resolve", 3L, "{\"evidenceUrls\":[\"ftp://x\"]}").then().statusCode(400)
                .body("errors.field", contains("evidenceUrls[0]"));

        // Feedback on a ticket that is not RESOLVED is dropped.
        UUID early = sendFeedback(assigned, true);
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(early));
        given().auth().oauth2(token).get("/api/v1/tickets/{id}", ticketId).then().body("status", equalTo("IN_PROGRESS"));

        act(token, ticketId, "resolve", 3L, "{\"note\":\"Cover replaced\",\"evidenceUrls\":[\"https://img.example/1.jpg\"]}")
                .then().statusCode(200).header("ETag", "\"4\"").body("status", equalTo("RESOLVED"))
                .body("history[-1].note", equalTo("Cover replaced"))
                .body("history[-1].evidenceUrls", contains("https://img.example/1.jpg"))
                .body("history[-1].actor", equalTo("staff:clerk-" + dept));
        act(token, ticketId, "reject", 4L, "{\"note\":\"too late\"}").then().statusCode(409);
        act(token, ticketId, "return", 4L, "{\"note\":\"not ours\"}").then().statusCode(409);

        sendFeedback(assigned, false);
        awaitStatus(token, ticketId, "REOPENED");
        act(token, ticketId, "start", 5L, null).then().statusCode(409);
        act(token, ticketId, "accept", 5L, null).then().statusCode(200).body("status", equalTo("ACCEPTED"));
        act(token, ticketId, "start", 6L, null).then().statusCode(200);
        act(token, ticketId, "resolve", 7L, "{\"note\":\"Fixed properly\"}").then().statusCode(200);
        sendFeedback(assigned, true);
        awaitStatus(token, ticketId, "CLOSED");
        act(token, ticketId, "accept", 9L, null).then().statusCode(409);

        given().auth().oauth2(token).get("/api/v1/tickets/{id}", ticketId).then().statusCode(200)
                .header("ETag", "\"9\"")
                .body("history.to", contains("ASSIGNED", "ACCEPTED", "IN_PROGRESS", "RESOLVED", "REOPENED", "ACCEPTED",
                        "IN_PROGRESS", "RESOLVED", "CLOSED"))
                .body("history[4].actor", equalTo("reporter:meituan:88231"));

        TestTickets.awaitEvent(Topics.TICKET_EVENTS, ticketId, "to", "CLOSED");
        List<JsonNode> events = TestTickets.ticketEvents(ticketId, Duration.ofSeconds(1));
        assertEquals(List.of("ASSIGNED", "ACCEPTED", "IN_PROGRESS", "RESOLVED", "REOPENED", "ACCEPTED", "IN_PROGRESS", "RESOLVED", "CLOSED"),
                events.stream().map(e -> e.path("to").asText()).toList());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), events.stream().map(e -> e.path("version").asLong()).toList());
        assertEquals(assigned.reportId().toString(), events.get(0).path("reportIds").get(0).asText());
    }

    @Test
    void rejectsFromEveryWorkingStatusAndNothingAfter() {
        String dept = newDepartment("PARKS");
        String token = staff(dept);
        String fromAssigned = assign(newTicketId(), dept).ticketId();
        act(token, fromAssigned, "reject", 1L, null).then().statusCode(400).body("errors.field", contains("note"));
        act(token, fromAssigned, "reject", 1L, "{\"note\":\"Not a hazard\"}").then().statusCode(200).body("status", equalTo("REJECTED"));
        act(token, fromAssigned, "accept", 2L, null).then().statusCode(409);

        String fromInProgress = assign(newTicketId(), dept).ticketId();
        act(token, fromInProgress, "accept", 1L, null).then().statusCode(200);
        act(token, fromInProgress, "start", 2L, null).then().statusCode(200);
        act(token, fromInProgress, "reject", 3L, "{\"note\":\"Duplicate of private works\"}").then().statusCode(200)
                .body("status", equalTo("REJECTED"));
    }

    @Test
    void changesNeedTheCurrentVersionInIfMatch() {
        String ticketId = newTicketId();
        String dept = newDepartment("LIGHTS");
        assign(ticketId, dept);
        String token = staff(dept);

        act(token, ticketId, "accept", null, null).then().statusCode(428).contentType("application/problem+json");
        act(token, ticketId, "accept", 7L, null).then().statusCode(412).contentType("application/problem+json");
        given().auth().oauth2(token).contentType("application/json").body("{}").header("If-Match", "banana")
                .post("/api/v1/tickets/{id}/accept", ticketId).then().statusCode(412);
        given().auth().oauth2(token).contentType("application/json").body("{}").header("If-Match", "W/\"1\"")
                .post("/api/v1/tickets/{id}/accept", ticketId).then().statusCode(200).header("ETag", "\"2\"");
        act(token, ticketId, "start", 1L, null).then().statusCode(412);
        act(token, ticketId, "fly", 2L, null).then().statusCode(404);
        given().auth().oauth2(token).get("/api/v1/tickets/{id}", ticketId).then().statusCode(200)
                .header("ETag", "\"2\"").body("status", equalTo("ACCEPTED"));
    }

    @Test
    void nullEvidenceUrlsAreRefusedNamingTheirPositionAndChangeNothing() {
        String ticketId = newTicketId();
        String dept = newDepartment("EVIDENCE");
        assign(ticketId, dept);
        String token = staff(dept);

        act(token, ticketId, "accept", 1L, "{\"evidenceUrls\":[null]}").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", contains("evidenceUrls[0]"));
        act(token, ticketId, "accept", 1L, "{\"note\":\"on it\",\"evidenceUrls\":[\"https://a.example/1.jpg\",null]}").then()
                .statusCode(400).body("errors.field", contains("evidenceUrls[1]"));
        given().auth().oauth2(token).get("/api/v1/tickets/{id}", ticketId).then().statusCode(200).header("ETag", "\"1\"")
                .body("status", equalTo("ASSIGNED"));
    }

    @Test
    void staffOfAnotherDepartmentCanNeitherSeeListNorChangeATicket() {
        String ticketId = newTicketId();
        String deptA = newDepartment("WATER");
        String deptB = newDepartment("GAS");
        assign(ticketId, deptA);
        String other = staff(deptB);

        String missingTitle = act(other, "T-missing-" + UUID.randomUUID(), "accept", 1L, null).then().statusCode(404).extract().path("title");
        String hiddenTitle = act(other, ticketId, "accept", 1L, null).then().statusCode(404).extract().path("title");
        assertEquals(missingTitle, hiddenTitle);
        given().auth().oauth2(other).get("/api/v1/tickets/{id}", ticketId).then().statusCode(404);
        given().auth().oauth2(other).get("/api/v1/tickets").then().statusCode(200).body("items", hasSize(0));
        given().auth().oauth2(staff(deptA)).get("/api/v1/tickets").then().statusCode(200)
                .body("items.id", contains(ticketId)).body("items[0].status", equalTo("ASSIGNED"));
    }

    @Test
    void aTicketNobodyAcceptedByItsResponseDeadlineIsOverdueUntilAccepted() {
        String dept = newDepartment("GAS");
        String token = staff(dept);
        String unanswered = assign(assignment(newTicketId(), dept, 0, TestTickets.AREA_PATH, Duration.ofHours(-1),
                Duration.ofHours(10))).ticketId();
        given().auth().oauth2(token).queryParam("overdue", "true").get("/api/v1/tickets").then().statusCode(200)
                .body("items.id", contains(unanswered)).body("items[0].overdue", equalTo(true));
        act(token, unanswered, "accept", 1L, null).then().statusCode(200).body("overdue", equalTo(false));
        given().auth().oauth2(token).queryParam("overdue", "true").get("/api/v1/tickets").then().statusCode(200)
                .body("items", hasSize(0));
    }

    @Test
    void listsTheDepartmentsTicketsByDeadlineWithFiltersAndCursor() {
        String dept = newDepartment("URBAN");
        String token = staff(dept);
        String late = assign(assignment(newTicketId(), dept, 0, TestTickets.AREA_PATH, Duration.ofHours(-3), Duration.ofHours(-1))).ticketId();
        String soon = assign(assignment(newTicketId(), dept, 0, TestTickets.AREA_PATH, Duration.ofHours(2), Duration.ofHours(5))).ticketId();
        String elsewhere = assign(assignment(newTicketId(), dept, 0, List.of("YL", "YL-GL", "YL-GL-02"), Duration.ofHours(2),
                Duration.ofHours(48))).ticketId();
        act(token, soon, "accept", 1L, null).then().statusCode(200);

        String next = given().auth().oauth2(token).queryParam("limit", 2).get("/api/v1/tickets").then().statusCode(200)
                .body("items.id", contains(late, soon))
                .body("items[0].overdue", equalTo(true))
                .extract().path("nextCursor");
        given().auth().oauth2(token).queryParam("limit", 2).queryParam("cursor", next).get("/api/v1/tickets").then().statusCode(200)
                .body("items.id", contains(elsewhere)).body("nextCursor", nullValue());

        given().auth().oauth2(token).queryParam("status", "accepted").get("/api/v1/tickets").then().body("items.id", contains(soon));
        given().auth().oauth2(token).queryParam("area", "YL-XC-01").get("/api/v1/tickets").then().body("items.id", contains(late, soon));
        given().auth().oauth2(token).queryParam("area", "YL").get("/api/v1/tickets").then().body("items", hasSize(3));
        given().auth().oauth2(token).queryParam("overdue", "true").get("/api/v1/tickets").then().body("items.id", contains(late));
        given().auth().oauth2(token).queryParam("overdue", "false").get("/api/v1/tickets").then().body("items.id", contains(soon, elsewhere));
        given().auth().oauth2(token).queryParam("category", "STREET_LIGHT").get("/api/v1/tickets").then().body("items", hasSize(0));

        given().auth().oauth2(token).queryParam("limit", 0).get("/api/v1/tickets").then().statusCode(400).body("errors.field", contains("limit"));
        given().auth().oauth2(token).queryParam("limit", 201).get("/api/v1/tickets").then().statusCode(400).body("errors.field", contains("limit"));
        given().auth().oauth2(token).queryParam("limit", "ten").get("/api/v1/tickets").then().statusCode(400).body("errors.field", contains("limit"));
        given().auth().oauth2(token).queryParam("status", "DONE").get("/api/v1/tickets").then().statusCode(400).body("errors.field", contains("status"));
        given().auth().oauth2(token).queryParam("overdue", "maybe").get("/api/v1/tickets").then().statusCode(400).body("errors.field", contains("overdue"));
        given().auth().oauth2(token).queryParam("cursor", "!!nope").get("/api/v1/tickets").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("cursor"));
    }

    @Test
    void aNulInAnIdAFilterACursorOrANoteIsA400AndChangesNothing() {
        String ticketId = newTicketId();
        String dept = newDepartment("NUL");
        assign(ticketId, dept);
        String token = staff(dept);

        // PostgreSQL refuses U+0000 in any text parameter; that is the caller's error, never a 500.
        given().auth().oauth2(token).get("/api/v1/tickets/{id}", "T-\u0000").then().statusCode(400)
                .contentType("application/problem+json");
        act(token, "T-\u0000", "accept", 1L, null).then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(token).queryParam("area", "YL\u0000").get("/api/v1/tickets").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(token).queryParam("cursor", Cursor.encode("2026-11-22T08:00:00Z", "T-\u0000"))
                .get("/api/v1/tickets").then().statusCode(400).body("errors.field", hasItem("cursor"));
        act(token, ticketId, "accept", 1L, "{\"note\":\"on it\\u0000\"}").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(token).get("/api/v1/tickets/{id}", ticketId).then().statusCode(200)
                .header("ETag", "\"1\"").body("status", equalTo("ASSIGNED")).body("history", hasSize(1));
    }

    @Test
    void returnPublishesTicketReturnedAndTheNextDepartmentGetsTheTicket() {
        String ticketId = newTicketId();
        String first = newDepartment("SEWER");
        String second = newDepartment("ROADS");
        TicketAssigned assigned = assign(ticketId, first);
        act(staff(first), ticketId, "return", 1L, "{}").then().statusCode(400).body("errors.field", contains("note"));
        act(staff(first), ticketId, "return", 1L, "{\"note\":\"Road surface, not sewer\"}").then().statusCode(200)
                .body("status", equalTo("RETURNED"));

        JsonNode returned = TestTickets.json(TestKafka.readUntil(Topics.RETURNS, r -> ticketId.equals(r.key())
                && "1".equals(TestTickets.json(r).path("returnCount").asText()), Duration.ofSeconds(30)).stream()
                .reduce((a, b) -> b).orElseThrow());
        assertEquals(assigned.reportId().toString(), returned.path("reportId").asText());
        assertEquals("MANHOLE_COVER", returned.path("category").asText());
        assertEquals(22.6583, returned.path("location").path("lat").asDouble(), 1e-9);
        assertEquals(first, returned.path("departmentId").asText());
        assertEquals("Road surface, not sewer", returned.path("reason").asText());
        assertEquals("staff:clerk-" + first, returned.path("actor").asText());
        assertEquals(0, returned.path("previousDepartmentIds").size());

        // Routing re-dispatches with a higher hop; the second department accepts, then returns it too.
        assign(assignment(ticketId, second, 1, TestTickets.AREA_PATH, Duration.ofHours(2), Duration.ofHours(24)));
        given().auth().oauth2(staff(first)).get("/api/v1/tickets/{id}", ticketId).then().statusCode(404);
        act(staff(second), ticketId, "accept", 3L, null).then().statusCode(200);
        act(staff(second), ticketId, "return", 4L, "{\"note\":\"Gas company asset\"}").then().statusCode(200);

        JsonNode again = TestTickets.json(TestKafka.readUntil(Topics.RETURNS, r -> ticketId.equals(r.key())
                && "2".equals(TestTickets.json(r).path("returnCount").asText()), Duration.ofSeconds(30)).stream()
                .reduce((a, b) -> b).orElseThrow());
        assertEquals(second, again.path("departmentId").asText());
        assertEquals(List.of(first), List.of(again.path("previousDepartmentIds").get(0).asText()));
        assertEquals(1, again.path("previousDepartmentIds").size());

        TestTickets.awaitEvent(Topics.TICKET_EVENTS, ticketId, "version", "5");
        assertEquals(List.of("ASSIGNED", "RETURNED", "ASSIGNED", "ACCEPTED", "RETURNED"),
                TestTickets.ticketEvents(ticketId, Duration.ofSeconds(1)).stream().map(e -> e.path("to").asText()).toList());
    }

    private static UUID sendFeedback(TicketAssigned assigned, boolean fixed) {
        UUID eventId = UUID.randomUUID();
        TestTickets.publish(Topics.FEEDBACK, new ReporterFeedback(eventId, assigned.ticketId(), assigned.reportId(),
                assigned.reporterId(), fixed, fixed ? "Looks good" : "Still broken", TestTickets.now()));
        return eventId;
    }

    private boolean processed(UUID eventId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "SELECT count(*) FROM processed_event WHERE consumer = 'resolution.feedback' AND event_id = ?1")
                .setParameter(1, eventId).getSingleResult()).intValue() == 1);
    }

    private static void awaitStatus(String token, String ticketId, String status) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(token)
                .get("/api/v1/tickets/{id}", ticketId).then().statusCode(200).body("status", equalTo(status)));
    }
}
