package org.gridwatch.resolution;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.gridwatch.contracts.CloudEventHeaders;
import org.gridwatch.contracts.Priority;
import org.gridwatch.contracts.Topics;
import org.gridwatch.contracts.events.GeoPoint;
import org.gridwatch.contracts.events.GridWatchEvent;
import org.gridwatch.contracts.events.ReporterFeedback;
import org.gridwatch.contracts.events.TicketAssigned;
import org.gridwatch.infra.DevJwt;
import org.gridwatch.infra.testing.TestKafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.restassured.response.Response;

/** Test data for lifecycle tests: unique tickets and departments, routing's assignments and staff calls. */
final class TestTickets {

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    static final List<String> AREA_PATH = List.of("YL", "YL-XC", "YL-XC-01", "YL-XC-01-03", "YL-XC-01-03-G07");

    private TestTickets() {
    }

    static String newDepartment(String prefix) {
        return "D-" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String newTicketId() {
        return "T-" + UUID.randomUUID();
    }

    static String staff(String dept) {
        return DevJwt.forRole("staff").subject("clerk-" + dept).dept(dept).sign();
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
    }

    static TicketAssigned assignment(String ticketId, String dept, int hop, List<String> areaPath, Duration responseIn,
                                     Duration resolveIn) {
        OffsetDateTime now = now();
        return new TicketAssigned(UUID.randomUUID(), ticketId, UUID.randomUUID(), "meituan:88231", "MANHOLE_COVER",
                Priority.P1, dept, areaPath.get(areaPath.size() - 1), areaPath, false, new GeoPoint(22.6583, 114.0257, 8.0),
                "R-1", 1, hop, "MANHOLE_COVER at YL-XC", now, now, now.plus(responseIn), now.plus(resolveIn));
    }

    /** Publishes a ticket for {@code dept} and waits until its staff see it. */
    static TicketAssigned assign(String ticketId, String dept) {
        return assign(assignment(ticketId, dept, 0, AREA_PATH, Duration.ofHours(2), Duration.ofHours(24)));
    }

    static TicketAssigned assign(TicketAssigned assigned) {
        publish(Topics.ASSIGNMENTS, assigned);
        String token = staff(assigned.departmentId());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(token)
                .get("/api/v1/tickets/{id}", assigned.ticketId()).then().statusCode(200));
        return assigned;
    }

    /** Publishes a ticket for {@code dept} and walks it to RESOLVED (version 4) as its staff would. */
    static TicketAssigned resolved(String ticketId, String dept) {
        TicketAssigned assigned = assign(ticketId, dept);
        String token = staff(dept);
        act(token, ticketId, "accept", 1L, null).then().statusCode(200);
        act(token, ticketId, "start", 2L, null).then().statusCode(200);
        act(token, ticketId, "resolve", 3L, "{\"note\":\"Cover replaced\"}").then().statusCode(200);
        return assigned;
    }

    /** The reporter's verdict on the resolution of {@code assigned}'s ticket, with a fresh event id. */
    static ReporterFeedback feedback(TicketAssigned assigned, boolean fixed) {
        return new ReporterFeedback(UUID.randomUUID(), assigned.ticketId(), assigned.reportId(), assigned.reporterId(), fixed,
                fixed ? "Looks good" : "Still broken", now());
    }

    static void publish(String topic, GridWatchEvent event) {
        try {
            TestKafka.send(topic, event.key(), JSON.writeValueAsString(event), CloudEventHeaders.forEvent(event, "/gridwatch/test", now()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** POST an action with {@code If-Match: "version"} (none when version is null). */
    static Response act(String token, String ticketId, String action, Long version, String body) {
        var request = given().auth().oauth2(token).contentType("application/json").body(body == null ? "{}" : body);
        if (version != null) {
            request = request.header("If-Match", "\"" + version + "\"");
        }
        return request.post("/api/v1/tickets/{id}/{action}", ticketId, action);
    }

    static JsonNode json(ConsumerRecord<String, String> record) {
        try {
            return JSON.readTree(record.value());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The ticket events of {@code ticketId} on the topic so far (read until the topic is quiet for {@code quiet}). */
    static List<JsonNode> ticketEvents(String ticketId, Duration quiet) {
        return TestKafka.readAll(Topics.TICKET_EVENTS, quiet).stream()
                .filter(r -> ticketId.equals(r.key()))
                .map(TestTickets::json)
                .toList();
    }

    /** Waits for a ticket event of {@code ticketId} that reached {@code to}. */
    static void awaitEvent(String topic, String ticketId, String field, String value) {
        TestKafka.readUntil(topic, r -> ticketId.equals(r.key()) && value.equals(json(r).path(field).asText()), Duration.ofSeconds(30));
    }
}
