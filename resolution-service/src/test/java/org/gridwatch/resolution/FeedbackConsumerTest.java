package org.gridwatch.resolution;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.gridwatch.resolution.TestTickets.act;
import static org.gridwatch.resolution.TestTickets.assign;
import static org.gridwatch.resolution.TestTickets.feedback;
import static org.gridwatch.resolution.TestTickets.newDepartment;
import static org.gridwatch.resolution.TestTickets.newTicketId;
import static org.gridwatch.resolution.TestTickets.resolved;
import static org.gridwatch.resolution.TestTickets.staff;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.gridwatch.contracts.CloudEventHeaders;
import org.gridwatch.contracts.Topics;
import org.gridwatch.contracts.events.ReporterFeedback;
import org.gridwatch.contracts.events.TicketAssigned;
import org.gridwatch.infra.testing.GridWatchTestResource;
import org.gridwatch.infra.testing.TestKafka;
import org.gridwatch.resolution.persistence.OutboxEntry;
import org.gridwatch.resolution.persistence.OutboxRepository;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Reporters' feedback over the real broker into the real database: each event applies once however often it
 * is delivered, poison goes to the dead-letter topic without stopping the consumer, and feedback that does
 * not meet a RESOLVED ticket carrying its report is spent without effect.
 */
@QuarkusTest
@QuarkusTestResource(value = GridWatchTestResource.class, initArgs = @ResourceArg(name = "database", value = "resolution_test"))
class FeedbackConsumerTest {

    private static final String CONSUMER = "resolution.feedback";

    @Inject
    EntityManager em;

    @Inject
    OutboxRepository outbox;

    @Test
    void aRedeliveredConfirmationClosesTheTicketOnceWithOneHistoryLineAndOneEvent() {
        String ticketId = newTicketId();
        String dept = newDepartment("FB-DUP");
        TicketAssigned assigned = resolved(ticketId, dept);

        ReporterFeedback confirmed = feedback(assigned, true);
        TestTickets.publish(Topics.FEEDBACK, confirmed);
        TestTickets.publish(Topics.FEEDBACK, confirmed); // the same record again: same ce_id, same event id
        awaitPassed(assigned);

        given().auth().oauth2(staff(dept)).get("/api/v1/tickets/{id}", ticketId).then().statusCode(200)
                .header("ETag", "\"5\"")
                .body("status", equalTo("CLOSED"))
                .body("history.to", contains("ASSIGNED", "ACCEPTED", "IN_PROGRESS", "RESOLVED", "CLOSED"))
                .body("history[4].from", equalTo("RESOLVED"))
                .body("history[4].actor", equalTo("reporter:meituan:88231"))
                .body("history[4].note", equalTo("Looks good"));
        assertEquals(List.of("ASSIGNED", "ACCEPTED", "IN_PROGRESS", "RESOLVED", "CLOSED"), outboxStatuses(ticketId));
        assertEquals(1, processedCount(confirmed.eventId()));

        TestTickets.awaitEvent(Topics.TICKET_EVENTS, ticketId, "to", "CLOSED");
        assertEquals(List.of("ASSIGNED", "ACCEPTED", "IN_PROGRESS", "RESOLVED", "CLOSED"),
                TestTickets.ticketEvents(ticketId, Duration.ofSeconds(2)).stream().map(e -> e.path("to").asText()).toList());
    }

    @Test
    void aDisputeRedeliveredAfterTheNextResolutionDoesNotReopenItAgain() {
        String ticketId = newTicketId();
        String dept = newDepartment("FB-RE");
        String token = staff(dept);
        TicketAssigned assigned = resolved(ticketId, dept);

        ReporterFeedback disputed = feedback(assigned, false);
        TestTickets.publish(Topics.FEEDBACK, disputed);
        awaitStatus(token, ticketId, "REOPENED");
        act(token, ticketId, "accept", 5L, null).then().statusCode(200);
        act(token, ticketId, "start", 6L, null).then().statusCode(200);
        act(token, ticketId, "resolve", 7L, "{\"note\":\"Frame replaced as well\"}").then().statusCode(200);

        // A rebalance or a crash before the offset commit delivers the dispute again, after the new resolution.
        TestTickets.publish(Topics.FEEDBACK, disputed);
        awaitPassed(assigned);

        given().auth().oauth2(token).get("/api/v1/tickets/{id}", ticketId).then().statusCode(200)
                .header("ETag", "\"8\"")
                .body("status", equalTo("RESOLVED"))
                .body("history.to", contains("ASSIGNED", "ACCEPTED", "IN_PROGRESS", "RESOLVED", "REOPENED", "ACCEPTED",
                        "IN_PROGRESS", "RESOLVED"));
        assertEquals(List.of("ASSIGNED", "ACCEPTED", "IN_PROGRESS", "RESOLVED", "REOPENED", "ACCEPTED", "IN_PROGRESS", "RESOLVED"),
                outboxStatuses(ticketId));
    }

    @Test
    void unparseableAndSchemaInvalidFeedbackGoesToTheDeadLetterTopicAndTheNextFeedbackApplies() {
        String ticketId = newTicketId();
        String dept = newDepartment("FB-POISON");
        TicketAssigned assigned = resolved(ticketId, dept);
        String marker = UUID.randomUUID().toString();

        // Same key as the good record after them, so all three are on one partition, in this order.
        String unparseable = "{\"eventId\":\"" + marker + "\", not json";
        TestKafka.send(Topics.FEEDBACK, ticketId, unparseable, Map.of());
        // Valid JSON without "fixed": read blindly it would be fixed=false, a dispute; the schema refuses it.
        ObjectNode withoutFixed = TestTickets.JSON.valueToTree(new ReporterFeedback(UUID.fromString(marker), ticketId,
                assigned.reportId(), assigned.reporterId(), false, "no verdict", TestTickets.now()));
        withoutFixed.remove("fixed");
        TestKafka.send(Topics.FEEDBACK, ticketId, withoutFixed.toString(), Map.of(CloudEventHeaders.ID, marker));
        TestTickets.publish(Topics.FEEDBACK, feedback(assigned, true));

        String token = staff(dept);
        awaitStatus(token, ticketId, "CLOSED");
        given().auth().oauth2(token).get("/api/v1/tickets/{id}", ticketId).then()
                .body("history.to", contains("ASSIGNED", "ACCEPTED", "IN_PROGRESS", "RESOLVED", "CLOSED"));
        assertEquals(0, processedCount(UUID.fromString(marker)), "a refused record must not count as processed");

        ConsumerRecord<String, String> notJson = lastMatching(Topics.FEEDBACK_DLQ_RESOLUTION, r -> unparseable.equals(r.value()));
        assertEquals(Topics.FEEDBACK, TestKafka.header(notJson, "dead-letter-topic"));
        assertTrue(TestKafka.header(notJson, "dead-letter-reason").contains("Not a ReporterFeedback"),
                TestKafka.header(notJson, "dead-letter-reason"));
        assertEquals(ticketId, notJson.key());

        ConsumerRecord<String, String> invalid = lastMatching(Topics.FEEDBACK_DLQ_RESOLUTION,
                r -> r.value().contains(marker) && r.value().contains("no verdict"));
        assertEquals(withoutFixed.toString(), invalid.value());
        assertEquals(Topics.FEEDBACK, TestKafka.header(invalid, "dead-letter-topic"));
        String reason = TestKafka.header(invalid, "dead-letter-reason");
        assertTrue(reason.contains("violates its schema") && reason.contains("fixed"), reason);
    }

    @Test
    void feedbackThatFindsNoResolvedTicketWithItsReportIsSpentWithoutEffect() {
        String ticketId = newTicketId();
        String dept = newDepartment("FB-EARLY");
        String token = staff(dept);
        TicketAssigned assigned = assign(ticketId, dept);
        act(token, ticketId, "accept", 1L, null).then().statusCode(200);

        // Not RESOLVED yet: dropped, but remembered as processed.
        ReporterFeedback early = feedback(assigned, true);
        TestTickets.publish(Topics.FEEDBACK, early);
        await().atMost(Duration.ofSeconds(30)).until(() -> processedCount(early.eventId()) == 1);
        given().auth().oauth2(token).get("/api/v1/tickets/{id}", ticketId).then().statusCode(200)
                .header("ETag", "\"2\"").body("status", equalTo("ACCEPTED")).body("history.to", contains("ASSIGNED", "ACCEPTED"));

        act(token, ticketId, "start", 2L, null).then().statusCode(200);
        act(token, ticketId, "resolve", 3L, "{\"note\":\"Cover replaced\"}").then().statusCode(200);

        // The early confirmation delivered again now that the ticket is RESOLVED: it is spent, it does not close it.
        TestTickets.publish(Topics.FEEDBACK, early);
        // Nor does feedback naming a report this ticket does not carry, or a ticket that does not exist.
        ReporterFeedback strangers = new ReporterFeedback(UUID.randomUUID(), ticketId, UUID.randomUUID(), "didi:5512", true, null,
                TestTickets.now());
        TestTickets.publish(Topics.FEEDBACK, strangers);
        ReporterFeedback nowhere = new ReporterFeedback(UUID.randomUUID(), "T-missing-" + UUID.randomUUID(), assigned.reportId(),
                assigned.reporterId(), false, null, TestTickets.now());
        TestTickets.publish(Topics.FEEDBACK, nowhere);
        awaitPassed(assigned);
        await().atMost(Duration.ofSeconds(30)).until(() -> processedCount(nowhere.eventId()) == 1);
        assertEquals(1, processedCount(strangers.eventId()));
        given().auth().oauth2(token).get("/api/v1/tickets/{id}", ticketId).then()
                .header("ETag", "\"4\"").body("status", equalTo("RESOLVED"));

        // The reporter's own verdict now closes it; a dispute arriving after that is spent as well.
        TestTickets.publish(Topics.FEEDBACK, feedback(assigned, true));
        awaitStatus(token, ticketId, "CLOSED");
        ReporterFeedback late = feedback(assigned, false);
        TestTickets.publish(Topics.FEEDBACK, late);
        await().atMost(Duration.ofSeconds(30)).until(() -> processedCount(late.eventId()) == 1);
        given().auth().oauth2(token).get("/api/v1/tickets/{id}", ticketId).then()
                .header("ETag", "\"5\"").body("status", equalTo("CLOSED"))
                .body("history.to", contains("ASSIGNED", "ACCEPTED", "IN_PROGRESS", "RESOLVED", "CLOSED"));
        assertEquals(List.of("ASSIGNED", "ACCEPTED", "IN_PROGRESS", "RESOLVED", "CLOSED"), outboxStatuses(ticketId));
    }

    /**
     * Waits until the consumer has passed everything sent so far for this ticket: a marker with the ticket's key
     * (same partition, so behind every earlier record of the ticket) naming a report the ticket does not carry,
     * which the service drops but remembers.
     */
    private void awaitPassed(TicketAssigned assigned) {
        ReporterFeedback marker = new ReporterFeedback(UUID.randomUUID(), assigned.ticketId(), UUID.randomUUID(), "marker", true,
                null, TestTickets.now());
        TestTickets.publish(Topics.FEEDBACK, marker);
        await().atMost(Duration.ofSeconds(30)).until(() -> processedCount(marker.eventId()) == 1);
    }

    private int processedCount(UUID eventId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                        "SELECT count(*) FROM processed_event WHERE consumer = ?1 AND event_id = ?2")
                .setParameter(1, CONSUMER).setParameter(2, eventId).getSingleResult()).intValue());
    }

    /** The {@code to} of every status-change event written to the outbox for the ticket, in order. */
    private List<String> outboxStatuses(String ticketId) {
        List<OutboxEntry> rows = QuarkusTransaction.requiringNew().call(() ->
                outbox.list("eventKey = ?1 and topic = ?2 order by id", ticketId, Topics.TICKET_EVENTS));
        return rows.stream().map(r -> {
            try {
                return TestTickets.JSON.readTree(r.payload).path("to").asText();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static ConsumerRecord<String, String> lastMatching(String topic,
                                                               java.util.function.Predicate<ConsumerRecord<String, String>> wanted) {
        List<ConsumerRecord<String, String>> read = TestKafka.readUntil(topic, wanted, Duration.ofSeconds(30));
        return read.get(read.size() - 1);
    }

    private static void awaitStatus(String token, String ticketId, String status) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(token)
                .get("/api/v1/tickets/{id}", ticketId).then().statusCode(200).body("status", equalTo(status)));
    }
}
