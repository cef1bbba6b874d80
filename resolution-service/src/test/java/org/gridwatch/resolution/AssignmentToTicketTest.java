package org.gridwatch.resolution;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.gridwatch.contracts.CloudEventHeaders;
import org.gridwatch.contracts.Priority;
import org.gridwatch.contracts.Topics;
import org.gridwatch.contracts.events.GeoPoint;
import org.gridwatch.contracts.events.GridWatchEvent;
import org.gridwatch.contracts.events.ReportMerged;
import org.gridwatch.contracts.events.TicketAssigned;
import org.gridwatch.infra.DevJwt;
import org.gridwatch.infra.testing.GridWatchTestResource;
import org.gridwatch.infra.testing.TestKafka;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** Routing's assignments cross the real broker into tickets in the real database, read back over REST. */
@QuarkusTest
@QuarkusTestResource(value = GridWatchTestResource.class, initArgs = @ResourceArg(name = "database", value = "resolution_test"))
class AssignmentToTicketTest {

    private static final OffsetDateTime NOW = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);

    @Inject
    ObjectMapper mapper;

    @Inject
    jakarta.persistence.EntityManager em;

    @Test
    void assignedTicketAppearsForItsDepartmentOnlyAndRedeliveryChangesNothing() throws Exception {
        String ticketId = "T-" + UUID.randomUUID();
        String dept = "D-URBAN-" + UUID.randomUUID().toString().substring(0, 8);
        TicketAssigned assigned = assigned(ticketId, dept);
        publish(assigned);
        String staff = DevJwt.forRole("staff").dept(dept).sign();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(staff)
                .get("/api/v1/tickets/{id}", ticketId)
                .then().statusCode(200));

        // Redelivery of the same event, then a merged second report.
        publish(assigned);
        UUID secondReport = UUID.randomUUID();
        publish(new ReportMerged(UUID.randomUUID(), ticketId, secondReport, "didi:5512", NOW, NOW.plusSeconds(5), 2, Priority.P1));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(staff)
                .get("/api/v1/tickets/{id}", ticketId)
                .then().statusCode(200)
                .body("reports.reportId", containsInAnyOrder(assigned.reportId().toString(), secondReport.toString())));

        given().auth().oauth2(staff).get("/api/v1/tickets/{id}", ticketId)
                .then().statusCode(200)
                .header("ETag", "\"2\"")
                .body("status", equalTo("ASSIGNED"))
                .body("category", equalTo("MANHOLE_COVER"))
                .body("departmentId", equalTo(dept))
                .body("areaPath", contains("YL", "YL-XC", "YL-XC-01", "YL-XC-01-03", "YL-XC-01-03-G07"))
                .body("version", equalTo(2))
                .body("overdue", equalTo(false))
                .body("history", hasSize(1))
                .body("history[0].to", equalTo("ASSIGNED"))
                .body("history[0].actor", equalTo("routing-service"));
    }

    @Test
    void aMergeThatReachesAFinishedTicketOpensATicketOfItsOwnForTheSameDepartment() throws Exception {
        String ticketId = TestTickets.newTicketId();
        String dept = TestTickets.newDepartment("LATE-MERGE");
        TicketAssigned first = TestTickets.resolved(ticketId, dept);
        String staff = TestTickets.staff(dept);
        UUID late = UUID.randomUUID();
        GeoPoint where = new GeoPoint(22.6584, 114.0258, 5.0);
        publish(new ReportMerged(UUID.randomUUID(), ticketId, late, "eleme:7001", NOW, NOW.plusSeconds(1), 2, Priority.P1,
                dept, "Water", first.areaPath(), List.of(), where));

        String split = "T-" + late;
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(staff)
                .get("/api/v1/tickets/{id}", split).then().statusCode(200)
                .body("status", equalTo("ASSIGNED"))
                .body("departmentId", equalTo(dept))
                .body("reports.reportId", contains(late.toString()))
                .body("location.lat", equalTo(22.6584f))
                .body("history[0].actor", equalTo("resolution-service")));
        given().auth().oauth2(staff).get("/api/v1/tickets/{id}", ticketId).then().statusCode(200)
                .body("status", equalTo("RESOLVED"))
                .body("reports.reportId", contains(first.reportId().toString()))
                .header("ETag", "\"4\"");

        var announced = TestKafka.readUntil(Topics.ASSIGNMENTS, r -> split.equals(r.key()), Duration.ofSeconds(30));
        TicketAssigned splitOff = (TicketAssigned) mapper.readValue(announced.get(announced.size() - 1).value(),
                org.gridwatch.contracts.events.AssignmentEvent.class);
        assertEquals(ticketId, splitOff.splitFrom());
        assertEquals(late, splitOff.reportId());
        assertEquals(0, splitOff.hop());
        assertEquals(first.ruleId(), splitOff.ruleId(), "the finished ticket's rule");
        TestTickets.awaitEvent(Topics.TICKET_EVENTS, split, "splitFrom", ticketId);
        // The statistics count the late report on the ticket it is on, not on the finished one.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(List.of(1, 1),
                List.of(factReports(ticketId), factReports(split)), "reports of the finished ticket and of the split one"));
    }

    private int factReports(String ticketId) {
        return io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "SELECT coalesce(max(reports), -99) FROM ticket_fact WHERE ticket_id = ?1").setParameter(1, ticketId)
                .getSingleResult()).intValue());
    }

    @Test
    void staffOfAnotherDepartmentCannotLearnTheTicketExists() throws Exception {
        String ticketId = "T-" + UUID.randomUUID();
        String dept = "D-WATER-" + UUID.randomUUID().toString().substring(0, 8);
        publish(assigned(ticketId, dept));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(DevJwt.forRole("staff").dept(dept).sign())
                .get("/api/v1/tickets/{id}", ticketId).then().statusCode(200));

        String otherStaff = DevJwt.forRole("staff").dept("D-OTHER").sign();
        String missing = given().auth().oauth2(otherStaff).get("/api/v1/tickets/{id}", "T-does-not-exist")
                .then().statusCode(404).contentType("application/problem+json").extract().path("title");
        String hidden = given().auth().oauth2(otherStaff).get("/api/v1/tickets/{id}", ticketId)
                .then().statusCode(404).contentType("application/problem+json").extract().path("title");
        assertEquals(missing, hidden, "another department's ticket must look exactly like a missing one");
    }

    @Test
    void refusesCallersWithoutTokenOrWithTheWrongRole() {
        given().get("/api/v1/tickets/{id}", "T-any").then().statusCode(401);
        given().auth().oauth2("not-a-jwt").get("/api/v1/tickets/{id}", "T-any").then().statusCode(401);
        given().auth().oauth2(DevJwt.forRole("reporter").sign()).get("/api/v1/tickets/{id}", "T-any").then().statusCode(403);
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void poisonRecordGoesToTheDeadLetterTopicAndTheConsumerGoesOn() throws Exception {
        String marker = "poison-" + UUID.randomUUID();
        TestKafka.send(Topics.ASSIGNMENTS, "T-poison", "{not json " + marker, Map.of());
        TestKafka.send(Topics.ASSIGNMENTS, "T-poison", "{\"type\":\"TicketAssigned\",\"ticketId\":\"" + marker + "\"}", Map.of());

        TestKafka.readUntil(Topics.ASSIGNMENTS_DLQ_RESOLUTION, r -> r.value().startsWith("{not json " + marker), Duration.ofSeconds(30));
        TestKafka.readUntil(Topics.ASSIGNMENTS_DLQ_RESOLUTION, r -> r.value().contains(marker) && r.value().contains("TicketAssigned"),
                Duration.ofSeconds(30));

        String ticketId = "T-" + UUID.randomUUID();
        String dept = "D-GAS-" + UUID.randomUUID().toString().substring(0, 8);
        publish(assigned(ticketId, dept));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(DevJwt.forRole("staff").dept(dept).sign())
                .get("/api/v1/tickets/{id}", ticketId).then().statusCode(200));
    }

    /**
     * One poll holding good records around a record that fails when applied (a merge into a ticket nobody opened) and
     * one that is not an event: the good ones take effect, and only the two bad ones reach the dead-letter topic (a
     * poll's transaction fails as a whole, so its records are applied again one by one).
     */
    @Test
    void aPollWithFailingRecordsAppliesTheGoodOnesAndDeadLettersOnlyTheBadOnes() throws Exception {
        String dept = "D-ROADS-" + UUID.randomUUID().toString().substring(0, 8);
        String marker = "poll-" + UUID.randomUUID();
        List<TicketAssigned> good = List.of(assigned("T-" + UUID.randomUUID(), dept), assigned("T-" + UUID.randomUUID(), dept),
                assigned("T-" + UUID.randomUUID(), dept));
        ReportMerged orphan = new ReportMerged(UUID.randomUUID(), "T-nobody-opened-" + marker, UUID.randomUUID(), "meituan:1",
                NOW, NOW, 2, Priority.P1);
        TestKafka.sendAll(Topics.ASSIGNMENTS, "poll-" + marker, List.of(mapper.writeValueAsString(good.get(0)),
                mapper.writeValueAsString(orphan), mapper.writeValueAsString(good.get(1)), "{not json " + marker,
                mapper.writeValueAsString(good.get(2))), Map.of());

        String staff = DevJwt.forRole("staff").dept(dept).sign();
        for (TicketAssigned a : good) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(staff)
                    .get("/api/v1/tickets/{id}", a.ticketId()).then().statusCode(200));
        }
        TestKafka.readUntil(Topics.ASSIGNMENTS_DLQ_RESOLUTION, r -> r.value().startsWith("{not json " + marker), Duration.ofSeconds(30));
        List<String> deadLettered = TestKafka.readUntil(Topics.ASSIGNMENTS_DLQ_RESOLUTION,
                        r -> r.value().contains(orphan.ticketId()), Duration.ofSeconds(30)).stream()
                .map(r -> r.value()).filter(v -> v.contains(marker) || good.stream().anyMatch(a -> v.contains(a.ticketId())))
                .toList();
        assertEquals(2, deadLettered.size(), "only the two bad records are dead-lettered: " + deadLettered);
    }

    private static TicketAssigned assigned(String ticketId, String dept) {
        return new TicketAssigned(UUID.randomUUID(), ticketId, UUID.randomUUID(), "meituan:88231", "MANHOLE_COVER",
                Priority.P1, dept, "YL-XC-01-03-G07", List.of("YL", "YL-XC", "YL-XC-01", "YL-XC-01-03", "YL-XC-01-03-G07"),
                false, new GeoPoint(22.6583, 114.0257, 8.0), "R-1", 1, 0, "MANHOLE_COVER at YL-XC", NOW, NOW,
                NOW.plus(Priority.P1.defaultResponseTime()), NOW.plus(Priority.P1.defaultResolutionTime()));
    }

    private void publish(GridWatchEvent event) throws Exception {
        TestKafka.send(Topics.ASSIGNMENTS, event.key(), mapper.writeValueAsString(event),
                CloudEventHeaders.forEvent(event, "/gridwatch/test", NOW));
    }
}
