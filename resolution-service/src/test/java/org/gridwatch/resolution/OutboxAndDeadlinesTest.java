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
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.gridwatch.contracts.CloudEventHeaders;
import org.gridwatch.contracts.Topics;
import org.gridwatch.infra.testing.GridWatchTestResource;
import org.gridwatch.infra.testing.TestKafka;
import org.gridwatch.resolution.messaging.OutboxRelay;
import org.gridwatch.resolution.persistence.OutboxEntry;
import org.gridwatch.resolution.persistence.OutboxRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** The outbox relay after a crash, and the time rules (escalation, auto-close) with the clock moved forward. */
@QuarkusTest
@QuarkusTestResource(value = GridWatchTestResource.class, initArgs = @ResourceArg(name = "database", value = "resolution_test"))
class OutboxAndDeadlinesTest {

    @Inject
    OutboxRelay relay;

    @Inject
    OutboxRepository outbox;

    @Inject
    MutableClock clock;

    @AfterEach
    void restore() {
        relay.resume();
        clock.reset();
    }

    @Test
    void aTransitionCommittedButNotYetPublishedIsPublishedOnceWhenTheRelayRuns() {
        String ticketId = newTicketId();
        String dept = newDepartment("CRASH");
        assign(ticketId, dept);
        TestTickets.awaitEvent(Topics.TICKET_EVENTS, ticketId, "to", "ASSIGNED");

        // Stands in for a crash after the commit and before the publish: the row is durable, nothing is sent.
        relay.pause();
        act(staff(dept), ticketId, "accept", 1L, null).then().statusCode(200);
        List<OutboxEntry> pending = QuarkusTransaction.requiringNew().call(() ->
                outbox.list("eventKey = ?1 and publishedAt is null", ticketId));
        assertEquals(1, pending.size());
        UUID eventId = pending.get(0).eventId;
        assertTrue(TestTickets.ticketEvents(ticketId, Duration.ofSeconds(2)).stream().noneMatch(e -> "ACCEPTED".equals(e.path("to").asText())),
                "nothing may be published while the relay is down");

        relay.resume();
        TestKafka.readUntil(Topics.TICKET_EVENTS, r -> eventId.toString().equals(TestKafka.header(r, CloudEventHeaders.ID)),
                Duration.ofSeconds(30));
        List<ConsumerRecord<String, String>> copies = TestKafka.readAll(Topics.TICKET_EVENTS, Duration.ofSeconds(2)).stream()
                .filter(r -> eventId.toString().equals(TestKafka.header(r, CloudEventHeaders.ID)))
                .toList();
        assertEquals(1, copies.size());
        assertEquals(ticketId, copies.get(0).key());
        assertEquals("org.gridwatch.ticket.status-changed.v1", TestKafka.header(copies.get(0), CloudEventHeaders.TYPE));
        assertNotNull(QuarkusTransaction.requiringNew().call(() -> outbox.find("eventId", eventId).firstResult().publishedAt));
    }

    @Test
    void publishesWellUnderASecondAfterTheCommit() {
        String ticketId = newTicketId();
        String dept = newDepartment("FAST");
        assign(ticketId, dept);
        TestTickets.awaitEvent(Topics.TICKET_EVENTS, ticketId, "to", "ASSIGNED");
        long before = System.currentTimeMillis();
        act(staff(dept), ticketId, "accept", 1L, null).then().statusCode(200);
        ConsumerRecord<String, String> record = TestKafka.readUntil(Topics.TICKET_EVENTS,
                r -> ticketId.equals(r.key()) && "ACCEPTED".equals(TestTickets.json(r).path("to").asText()), Duration.ofSeconds(30))
                .stream().reduce((a, b) -> b).orElseThrow();
        assertTrue(record.timestamp() - before < 1_000, "published " + (record.timestamp() - before) + " ms after the request");
    }

    @Test
    void escalatesEachMissedDeadlineExactlyOnce() {
        String ticketId = newTicketId();
        String dept = newDepartment("LATE");
        assign(assignment(ticketId, dept, 0, TestTickets.AREA_PATH, Duration.ofHours(2), Duration.ofHours(24)));

        clock.advance(Duration.ofHours(3));
        TestTickets.awaitEvent(Topics.TICKET_EVENTS, ticketId, "escalation", "RESPONSE");
        clock.advance(Duration.ofHours(22));
        TestTickets.awaitEvent(Topics.TICKET_EVENTS, ticketId, "escalation", "RESOLUTION");

        List<JsonNode> escalations = TestTickets.ticketEvents(ticketId, Duration.ofSeconds(3)).stream()
                .filter(e -> !e.path("escalation").isNull() && !e.path("escalation").isMissingNode())
                .toList();
        assertEquals(List.of("RESPONSE", "RESOLUTION"), escalations.stream().map(e -> e.path("escalation").asText()).toList());
        escalations.forEach(e -> {
            assertEquals("ASSIGNED", e.path("from").asText());
            assertEquals("ASSIGNED", e.path("to").asText());
            assertEquals("system", e.path("actor").asText());
        });
        given().auth().oauth2(staff(dept)).get("/api/v1/tickets/{id}", ticketId).then().statusCode(200)
                .header("ETag", "\"1\"").body("overdue", equalTo(true));
    }

    @Test
    void escalationsAreLinesOfTheTicketHistoryStaffReadWithoutChangingTheVersion() {
        String ticketId = newTicketId();
        String dept = newDepartment("SLOW");
        String token = staff(dept);
        assign(assignment(ticketId, dept, 0, TestTickets.AREA_PATH, Duration.ofHours(2), Duration.ofHours(24)));

        clock.advance(Duration.ofHours(3));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(token)
                .get("/api/v1/tickets/{id}", ticketId).then().statusCode(200).body("history", hasSize(2)));
        // The ETag is still the one staff read before the escalation, so their action goes through.
        given().auth().oauth2(token).get("/api/v1/tickets/{id}", ticketId).then()
                .header("ETag", "\"1\"")
                .body("status", equalTo("ASSIGNED"))
                .body("history[0].escalation", nullValue())
                .body("history[1].from", equalTo("ASSIGNED"))
                .body("history[1].to", equalTo("ASSIGNED"))
                .body("history[1].actor", equalTo("system"))
                .body("history[1].note", equalTo("response deadline missed"))
                .body("history[1].escalation", equalTo("RESPONSE"));
        act(token, ticketId, "accept", 1L, null).then().statusCode(200).header("ETag", "\"2\"");

        clock.advance(Duration.ofHours(22));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(token)
                .get("/api/v1/tickets/{id}", ticketId).then().statusCode(200).body("history", hasSize(4)));
        given().auth().oauth2(token).get("/api/v1/tickets/{id}", ticketId).then()
                .header("ETag", "\"2\"")
                .body("overdue", equalTo(true))
                .body("history.to", contains("ASSIGNED", "ASSIGNED", "ACCEPTED", "ACCEPTED"))
                .body("history.escalation", contains(null, "RESPONSE", null, "RESOLUTION"))
                .body("history[3].from", equalTo("ACCEPTED"))
                .body("history[3].note", equalTo("resolution deadline missed"));

        // Each history line has its event in the outbox, and the other way round (one transaction each).
        List<String> escalated = QuarkusTransaction.requiringNew().call(() -> outbox.list("eventKey = ?1 order by id", ticketId))
                .stream().map(r -> payload(r).path("escalation"))
                .filter(e -> !e.isNull() && !e.isMissingNode())
                .map(JsonNode::asText)
                .toList();
        assertEquals(List.of("RESPONSE", "RESOLUTION"), escalated);
    }

    @Test
    void aResolutionWithoutFeedbackClosesAfterSeventyTwoHours() throws InterruptedException {
        String ticketId = newTicketId();
        String dept = newDepartment("QUIET");
        assign(assignment(ticketId, dept, 0, TestTickets.AREA_PATH, Duration.ofDays(30), Duration.ofDays(30)));
        String token = staff(dept);
        act(token, ticketId, "accept", 1L, null).then().statusCode(200);
        act(token, ticketId, "start", 2L, null).then().statusCode(200);
        act(token, ticketId, "resolve", 3L, "{\"note\":\"Filled the pothole\"}").then().statusCode(200);

        clock.advance(Duration.ofHours(71));
        Thread.sleep(1_500); // three runs of the deadline watch
        given().auth().oauth2(token).get("/api/v1/tickets/{id}", ticketId).then().body("status", equalTo("RESOLVED"));

        clock.advance(Duration.ofHours(2));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(token)
                .get("/api/v1/tickets/{id}", ticketId).then().statusCode(200)
                .body("status", equalTo("CLOSED"))
                .body("history[-1].actor", equalTo("system"))
                .body("history[-1].from", equalTo("RESOLVED")));
        TestTickets.awaitEvent(Topics.TICKET_EVENTS, ticketId, "to", "CLOSED");
    }

    private static JsonNode payload(OutboxEntry row) {
        try {
            return TestTickets.JSON.readTree(row.payload);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
