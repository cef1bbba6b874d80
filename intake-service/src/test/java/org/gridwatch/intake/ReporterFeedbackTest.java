package org.gridwatch.intake;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.gridwatch.intake.Riders.WAIT;
import static org.gridwatch.intake.Riders.assigned;
import static org.gridwatch.intake.Riders.changed;
import static org.gridwatch.intake.Riders.newDepartment;
import static org.gridwatch.intake.Riders.newRider;
import static org.gridwatch.intake.Riders.newTicket;
import static org.gridwatch.intake.Riders.now;
import static org.gridwatch.intake.Riders.problem;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.gridwatch.contracts.CloudEventHeaders;
import org.gridwatch.contracts.EventSchemas;
import org.gridwatch.contracts.Topics;
import org.gridwatch.contracts.events.ReporterFeedback;
import org.gridwatch.contracts.events.TicketStatus;
import org.gridwatch.infra.DevJwt;
import org.gridwatch.infra.KafkaBroker;
import org.gridwatch.infra.testing.GridWatchTestResource;
import org.gridwatch.infra.testing.TestInfrastructure;
import org.gridwatch.infra.testing.TestKafka;
import org.gridwatch.intake.Riders.Rider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * A rider confirms or disputes the fix of their report's ticket: the verdict goes to {@code gridwatch.feedback.v1}
 * as resolution-service reads it, once per resolution, only from the report's reporter and only while the ticket
 * is RESOLVED; bad input and a broker outage get clear answers.
 */
@QuarkusTest
@QuarkusTestResource(value = GridWatchTestResource.class, initArgs = @ResourceArg(name = "database", value = "intake_rider_test"))
class ReporterFeedbackTest {

    private static final List<String> AREA_PATH = List.of("YL", "YL-XC", "YL-XC-01", "YL-XC-01-03", "YL-XC-01-03-G07");

    @Inject
    ObjectMapper mapper;

    @BeforeEach
    void catalogue() {
        Riders.seedCatalogue(mapper);
    }

    @Test
    void confirmingAResolvedTicketPublishesTheVerdictKeyedByTicketWithCloudEventsHeaders() throws Exception {
        Rider rider = newRider();
        Resolved r = resolvedReport(rider);

        ValidatableResponse answer = rider.feedback(r.reportId, Map.of("fixed", true, "comment", "Steel plate is in, thanks."))
                .statusCode(202)
                .body("reportId", equalTo(r.reportId.toString()))
                .body("ticketId", equalTo(r.ticketId))
                .body("fixed", equalTo(true))
                .body("comment", equalTo("Steel plate is in, thanks."))
                .body("resolvedAt", notNullValue())
                .body("givenAt", notNullValue());
        assertTrue(r.resolvedAt.isEqual(OffsetDateTime.parse(answer.extract().path("resolvedAt"))));

        ConsumerRecord<String, String> record = feedbackRecords(r.reportId).get(0);
        EventSchemas.assertValid(ReporterFeedback.class, record.value());
        ReporterFeedback event = mapper.readValue(record.value(), ReporterFeedback.class);
        assertEquals(r.ticketId, record.key(), "feedback is keyed by ticket, as resolution-service reads it");
        assertEquals(r.ticketId, event.ticketId());
        assertEquals(r.reportId, event.reportId());
        assertEquals(rider.sub(), event.reporterId());
        assertTrue(event.fixed());
        assertEquals("Steel plate is in, thanks.", event.comment());
        assertTrue(event.at().isEqual(OffsetDateTime.parse(answer.extract().path("givenAt"))));
        assertEquals(CloudEventHeaders.SPEC_VERSION_VALUE, TestKafka.header(record, CloudEventHeaders.SPEC_VERSION));
        assertEquals(event.eventId().toString(), TestKafka.header(record, CloudEventHeaders.ID));
        assertEquals(ReporterFeedback.CE_TYPE, TestKafka.header(record, CloudEventHeaders.TYPE));
        assertEquals("/gridwatch/intake-service", TestKafka.header(record, CloudEventHeaders.SOURCE));
        assertEquals(r.ticketId, TestKafka.header(record, CloudEventHeaders.SUBJECT));
        assertTrue(event.at().isEqual(OffsetDateTime.parse(TestKafka.header(record, CloudEventHeaders.TIME))));
        assertEquals(CloudEventHeaders.CONTENT_TYPE_JSON, TestKafka.header(record, CloudEventHeaders.CONTENT_TYPE));

        rider.view(r.reportId).statusCode(200)
                .body("feedback.fixed", equalTo(true))
                .body("feedback.comment", equalTo("Steel plate is in, thanks."));
    }

    @Test
    void theSameVerdictAgainGetsTheSameAnswerAndNoSecondEventAndAChangedVerdictIsRefused() {
        Rider rider = newRider();
        Resolved r = resolvedReport(rider);
        Map<String, Object> dispute = Map.of("fixed", false, "comment", "The cover is still missing");

        Map<String, Object> first = rider.feedback(r.reportId, dispute).statusCode(202).extract().jsonPath().getMap("$");
        Map<String, Object> again = rider.feedback(r.reportId, dispute).statusCode(202).extract().jsonPath().getMap("$");
        assertEquals(first, again);

        Map<String, Object> changed = problem(rider.feedback(r.reportId, Map.of("fixed", true)).statusCode(409));
        assertTrue(((String) changed.get("detail")).contains("already disputed"), changed.toString());

        // Resolution reopens the ticket on the dispute; the app's offline queue sends the dispute once more.
        publish(Topics.TICKET_EVENTS, changed(r.ticketId, List.of(r.reportId), r.dept, TicketStatus.RESOLVED,
                TicketStatus.REOPENED, r.resolvedAt.plusMinutes(30), "The cover is still missing"));
        rider.awaitStatus(r.reportId, "REOPENED");
        assertEquals(first, rider.feedback(r.reportId, dispute).statusCode(202).extract().jsonPath().getMap("$"));
        assertEquals(1, feedbackRecords(r.reportId).size(), "one verdict, one event");

        // Resolved again: a new resolution takes a new verdict, with an event of its own.
        OffsetDateTime resolvedAgain = r.resolvedAt.plusHours(5);
        publish(Topics.TICKET_EVENTS, changed(r.ticketId, List.of(r.reportId), r.dept, TicketStatus.IN_PROGRESS,
                TicketStatus.RESOLVED, resolvedAgain, "New cover fitted"));
        await().atMost(WAIT).untilAsserted(() -> rider.view(r.reportId).statusCode(200)
                .body("status", equalTo("RESOLVED")).body("history.status", hasItem("REOPENED")));
        rider.feedback(r.reportId, Map.of("fixed", true)).statusCode(202)
                .body("fixed", equalTo(true)).body("comment", nullValue());
        List<ConsumerRecord<String, String>> records = feedbackRecords(r.reportId, 2);
        Set<String> ids = records.stream().map(rec -> TestKafka.header(rec, CloudEventHeaders.ID)).collect(Collectors.toSet());
        assertEquals(2, ids.size(), "each resolution's verdict is its own event");
    }

    @Test
    void feedbackIsRefusedWith409NamingTheStatusUnlessTheTicketIsResolved() {
        Rider rider = newRider();
        UUID reportId = rider.file();
        String ticketId = newTicket();
        String dept = newDepartment();
        OffsetDateTime t0 = now();

        assertEquals(409, problem(rider.feedback(reportId, Map.of("fixed", true)).statusCode(409)).get("status"));
        rider.feedback(reportId, Map.of("fixed", true)).body("detail", containsString("SUBMITTED"));

        publish(Topics.ASSIGNMENTS, assigned(ticketId, reportId, rider.sub(), dept, AREA_PATH, t0));
        publish(Topics.TICKET_EVENTS, changed(ticketId, List.of(reportId), dept, TicketStatus.ASSIGNED,
                TicketStatus.ACCEPTED, t0.plusMinutes(5), null));
        rider.awaitStatus(reportId, "ACCEPTED");
        rider.feedback(reportId, Map.of("fixed", false)).statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("ACCEPTED"))
                .body("detail", containsString("RESOLVED"));

        publish(Topics.TICKET_EVENTS, changed(ticketId, List.of(reportId), dept, TicketStatus.ACCEPTED,
                TicketStatus.REJECTED, t0.plusMinutes(10), "Not a hazard: the cover was there"));
        rider.awaitStatus(reportId, "REJECTED");
        rider.feedback(reportId, Map.of("fixed", false)).statusCode(409).body("detail", containsString("REJECTED"));
        assertEquals(0, TestKafka.readAll(Topics.FEEDBACK, Duration.ofSeconds(2)).stream()
                .filter(rec -> rec.value().contains(reportId.toString())).count());
    }

    @Test
    void onlyTheReportersOwnTokenMayGiveFeedback() {
        Rider owner = newRider();
        Resolved r = resolvedReport(owner);
        Rider other = newRider();
        Map<String, Object> body = Map.of("fixed", true);

        Map<String, Object> missing = problem(other.feedback(UUID.randomUUID(), body).statusCode(404));
        assertEquals(missing, problem(other.feedback(r.reportId, body).statusCode(404)),
                "another reporter's report must look exactly like a missing one");
        assertEquals(missing, problem(given().auth().oauth2(other.token()).contentType("application/json").body(body)
                .post("/api/v1/reports/{id}/feedback", "not-a-uuid").then().statusCode(404)));
        given().auth().oauth2(DevJwt.forRole("staff").dept(r.dept).sign()).contentType("application/json").body(body)
                .post("/api/v1/reports/{id}/feedback", r.reportId).then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(DevJwt.forRole("admin").sign()).contentType("application/json").body(body)
                .post("/api/v1/reports/{id}/feedback", r.reportId).then().statusCode(403);
        given().contentType("application/json").body(body)
                .post("/api/v1/reports/{id}/feedback", r.reportId).then().statusCode(401).contentType("application/problem+json");
        assertEquals(0, TestKafka.readAll(Topics.FEEDBACK, Duration.ofSeconds(2)).stream()
                .filter(rec -> rec.value().contains(r.reportId.toString())).count());

        owner.feedback(r.reportId, body).statusCode(202);
    }

    @Test
    void badBodiesAre400NamingTheField() {
        Rider rider = newRider();
        Resolved r = resolvedReport(rider);

        assertRejected(rider, r.reportId, "{}", "fixed");
        assertRejected(rider, r.reportId, "{\"comment\":\"fixed?\"}", "fixed");
        assertRejected(rider, r.reportId, "{\"fixed\":null}", "fixed");
        assertRejected(rider, r.reportId, "{\"fixed\":\"yes\"}", "fixed");
        assertRejected(rider, r.reportId, "{\"fixed\":\"true\"}", "fixed");
        assertRejected(rider, r.reportId, "{\"fixed\":1}", "fixed");
        assertRejected(rider, r.reportId, "{\"fixed\":true,\"comment\":\"" + "x".repeat(1001) + "\"}", "comment");
        assertRejected(rider, r.reportId, "{\"fixed\":true,\"comment\":42}", "comment");
        assertRejected(rider, r.reportId, "{\"fixed\":true,\"comment\":\"a\\u0000b\"}", "comment");
        given().auth().oauth2(rider.token()).contentType("application/json").body("{\"fixed\":tru")
                .post("/api/v1/reports/{id}/feedback", r.reportId).then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(rider.token()).contentType("application/json")
                .post("/api/v1/reports/{id}/feedback", r.reportId).then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("fixed"));

        // None of them was taken as a verdict: a valid one still is, with a comment of the maximum length.
        rider.feedback(r.reportId, Map.of("fixed", true, "comment", "y".repeat(1000))).statusCode(202);
    }

    @Test
    void whileKafkaIsDownFeedbackIs503WithRetryAfterAndTheResendIsTheSameEvent() {
        Rider rider = newRider();
        Resolved r = resolvedReport(rider);
        Map<String, Object> body = Map.of("fixed", true, "comment", "Fixed");

        KafkaBroker broker = TestInfrastructure.shared().broker();
        broker.stop();
        try {
            rider.feedback(r.reportId, body).statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", notNullValue());
        } finally {
            broker.start();
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> rider.feedback(r.reportId, body).statusCode(202));

        Set<String> ids = feedbackRecords(r.reportId).stream()
                .map(rec -> TestKafka.header(rec, CloudEventHeaders.ID)).collect(Collectors.toSet());
        assertEquals(1, ids.size(), "a resend after a 503 publishes the same event, never a second verdict: " + ids);
        rider.view(r.reportId).statusCode(200).body("feedback.fixed", equalTo(true));
        // The broker is shared: leave intake as the next test expects it, its report producer back on the restarted
        // broker too (until it has the topic's metadata again a new report is refused with 503, as it should be).
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> newRider().file());
    }

    private static void assertRejected(Rider rider, UUID reportId, String body, String field) {
        given().auth().oauth2(rider.token()).contentType("application/json").body(body)
                .post("/api/v1/reports/{id}/feedback", reportId).then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem(field));
    }

    /** A report of the rider's whose ticket was routed, accepted and resolved, as the rider's view shows it. */
    private Resolved resolvedReport(Rider rider) {
        UUID reportId = rider.file();
        String ticketId = newTicket();
        String dept = newDepartment();
        OffsetDateTime t0 = now();
        OffsetDateTime resolvedAt = t0.plusHours(2);
        publish(Topics.ASSIGNMENTS, assigned(ticketId, reportId, rider.sub(), dept, AREA_PATH, t0));
        publish(Topics.TICKET_EVENTS, changed(ticketId, List.of(reportId), dept, TicketStatus.ASSIGNED,
                TicketStatus.ACCEPTED, t0.plusMinutes(10), null));
        publish(Topics.TICKET_EVENTS, changed(ticketId, List.of(reportId), dept, TicketStatus.ACCEPTED,
                TicketStatus.RESOLVED, resolvedAt, "Temporary steel plate fitted"));
        rider.awaitStatus(reportId, "RESOLVED");
        return new Resolved(reportId, ticketId, dept, resolvedAt);
    }

    private record Resolved(UUID reportId, String ticketId, String dept, OffsetDateTime resolvedAt) {
    }

    /** The feedback records of a report on the topic, once at least {@code atLeast} are there. */
    private static List<ConsumerRecord<String, String>> feedbackRecords(UUID reportId, int atLeast) {
        String id = "\"reportId\":\"" + reportId + "\"";
        List<ConsumerRecord<String, String>> found = List.of();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (found.size() < atLeast && System.nanoTime() < deadline) {
            found = TestKafka.readAll(Topics.FEEDBACK, Duration.ofSeconds(2)).stream()
                    .filter(rec -> rec.value().contains(id)).toList();
        }
        assertNotEquals(0, found.size(), "no feedback of report " + reportId + " on " + Topics.FEEDBACK);
        assertTrue(found.size() >= atLeast, found.size() + " feedback records of " + reportId);
        return found;
    }

    private static List<ConsumerRecord<String, String>> feedbackRecords(UUID reportId) {
        return feedbackRecords(reportId, 1);
    }

    private void publish(String topic, org.gridwatch.contracts.events.GridWatchEvent event) {
        Riders.publish(mapper, topic, event);
    }
}
