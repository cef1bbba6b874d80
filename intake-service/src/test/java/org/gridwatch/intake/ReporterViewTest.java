package org.gridwatch.intake;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.gridwatch.contracts.CloudEventHeaders;
import org.gridwatch.contracts.InitialCatalogue;
import org.gridwatch.contracts.Priority;
import org.gridwatch.contracts.Topics;
import org.gridwatch.contracts.events.Category;
import org.gridwatch.contracts.events.GeoPoint;
import org.gridwatch.contracts.events.GridWatchEvent;
import org.gridwatch.contracts.events.ReportMerged;
import org.gridwatch.contracts.events.TicketAssigned;
import org.gridwatch.contracts.events.TicketStatus;
import org.gridwatch.contracts.events.TicketStatusChanged;
import org.gridwatch.infra.DevJwt;
import org.gridwatch.infra.testing.GridWatchTestResource;
import org.gridwatch.infra.testing.TestKafka;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * Reports filed over the real API follow routing's and resolution's events from the real broker into the
 * reporter's view, which only their reporter and the people in their scope can read.
 */
@QuarkusTest
@QuarkusTestResource(value = GridWatchTestResource.class, initArgs = @ResourceArg(name = "database", value = "intake_view_test"))
class ReporterViewTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> AREA_PATH = List.of("YL", "YL-XC", "YL-XC-01", "YL-XC-01-03", "YL-XC-01-03-G07");

    private static volatile boolean catalogueSeeded;

    @Inject
    ObjectMapper mapper;

    /**
     * Intake accepts the categories the shared {@code gridwatch.categories.v1} last told it of (the built-in
     * catalogue only while it has heard of none), and other test classes publish categories of their own
     * there. So publish the initial catalogue as routing would, and wait until intake has all of it.
     */
    @BeforeEach
    void catalogueHasTheCategoryReportsAreFiledIn() {
        if (catalogueSeeded) {
            return;
        }
        OffsetDateTime at = now();
        List<Category> catalogue = InitialCatalogue.categories().stream()
                .map(c -> new Category(c.code(), c.nameZh(), c.nameEn(), c.priority(), c.dedupRadiusM(),
                        c.dedupWindowHours(), c.open311Group(), c.keywords(), c.active(), at))
                .toList();
        catalogue.forEach(c -> publish(Topics.CATEGORIES, c));
        String anyone = DevJwt.forRole("reporter").sign();
        await().atMost(WAIT).until(() -> {
            List<Map<String, Object>> listed = given().auth().oauth2(anyone).get("/api/v1/categories")
                    .then().statusCode(200).extract().jsonPath().getList("$");
            return catalogue.stream().filter(Category::active).allMatch(c -> listed.stream().anyMatch(l ->
                    c.code().equals(l.get("code")) && at.toInstant().equals(OffsetDateTime.parse((String) l.get("updatedAt")).toInstant())));
        });
        catalogueSeeded = true;
    }

    @Test
    void newReportIsSubmittedUntilRoutedThenShowsTicketDepartmentAndAreaPath() {
        Rider rider = newRider();
        UUID reportId = rider.file();
        String dept = newDepartment();

        rider.view(reportId).statusCode(200)
                .body("reportId", equalTo(reportId.toString()))
                .body("status", equalTo("SUBMITTED"))
                .body("category", equalTo("MANHOLE_COVER"))
                .body("ticketId", nullValue())
                .body("departmentId", nullValue())
                .body("areaPath", empty())
                .body("location.lat", equalTo(34.2f))
                .body("history.status", contains("SUBMITTED"));

        OffsetDateTime t0 = now();
        String ticketId = newTicket();
        TicketAssigned assigned = assigned(ticketId, reportId, rider.sub, dept, 0, t0.plusSeconds(1));
        publish(Topics.ASSIGNMENTS, assigned);

        await().atMost(WAIT).untilAsserted(() -> rider.view(reportId).statusCode(200).body("status", equalTo("ROUTED")));
        ValidatableResponse view = rider.view(reportId)
                .body("ticketId", equalTo(ticketId))
                .body("departmentId", equalTo(dept))
                .body("departmentName", nullValue())
                .body("areaPath", equalTo(AREA_PATH))
                .body("submittedAt", not(nullValue()))
                .body("history.status", contains("SUBMITTED", "ROUTED"))
                .body("history[1].note", equalTo("Assigned to " + dept));
        assertEquals(assigned.assignedAt().toInstant(),
                OffsetDateTime.parse(view.extract().path("history[1].at")).toInstant());

        for (String list : List.of("/api/v1/reports", "/api/v1/reports?mine")) {
            given().auth().oauth2(rider.token).get(list).then().statusCode(200)
                    .body("items", hasSize(1))
                    .body("items[0].reportId", equalTo(reportId.toString()))
                    .body("items[0].status", equalTo("ROUTED"))
                    .body("items[0].ticketId", equalTo(ticketId))
                    .body("items[0].departmentId", equalTo(dept));
        }
    }

    @Test
    void ticketStatusChangesShowInTimeOrderWithTheirNotesAndEscalationsStayHidden() {
        Rider rider = newRider();
        UUID reportId = rider.file();
        String ticketId = newTicket();
        String dept = newDepartment();
        OffsetDateTime t0 = now();

        publish(Topics.ASSIGNMENTS, assigned(ticketId, reportId, rider.sub, dept, 0, t0.plusSeconds(1)));
        publish(Topics.TICKET_EVENTS, changed(ticketId, List.of(reportId), dept, TicketStatus.ASSIGNED,
                TicketStatus.ACCEPTED, t0.plusMinutes(10), null, null));
        publish(Topics.TICKET_EVENTS, changed(ticketId, List.of(reportId), dept, TicketStatus.ACCEPTED,
                TicketStatus.ACCEPTED, t0.plusHours(3), "Not resolved within 2 h", TicketStatusChanged.ESCALATION_RESOLUTION));
        publish(Topics.TICKET_EVENTS, changed(ticketId, List.of(reportId), dept, TicketStatus.ACCEPTED,
                TicketStatus.RESOLVED, t0.plusHours(4), "Temporary steel plate fitted, replacement cover ordered.", null));

        // The two topics have no order between them: wait for both, then check the order by time.
        await().atMost(WAIT).untilAsserted(() -> rider.view(reportId).statusCode(200)
                .body("status", equalTo("RESOLVED"))
                .body("history.status", contains("SUBMITTED", "ROUTED", "ACCEPTED", "RESOLVED")));
        rider.view(reportId)
                .body("history[3].note", equalTo("Temporary steel plate fitted, replacement cover ordered."));
    }

    @Test
    void statusIsThatOfTheLatestEventByTimeEvenWhenRoutingsEventArrivesLast() {
        Rider rider = newRider();
        UUID reportId = rider.file();
        String ticketId = newTicket();
        String dept = newDepartment();
        OffsetDateTime t1 = now();
        OffsetDateTime t2 = t1.plusMinutes(5);

        // The ticket-events topic is ahead of the assignments topic: the acceptance at t2 is applied first.
        publish(Topics.TICKET_EVENTS, changed(ticketId, List.of(reportId), dept, TicketStatus.ASSIGNED,
                TicketStatus.ACCEPTED, t2, null, null));
        await().atMost(WAIT).untilAsserted(() -> rider.view(reportId).statusCode(200).body("status", equalTo("ACCEPTED")));

        publish(Topics.ASSIGNMENTS, assigned(ticketId, reportId, rider.sub, dept, 0, t1));
        await().atMost(WAIT).untilAsserted(() -> rider.view(reportId).statusCode(200)
                .body("history.status", contains("SUBMITTED", "ROUTED", "ACCEPTED")));
        rider.view(reportId)
                .body("status", equalTo("ACCEPTED"))
                .body("ticketId", equalTo(ticketId))
                .body("departmentId", equalTo(dept))
                .body("areaPath", equalTo(AREA_PATH));
    }

    @Test
    void mergedReportJoinsTheTicketWithItsDepartmentAndFollowsItsStatus() {
        Rider first = newRider();
        Rider second = newRider();
        UUID firstReport = first.file();
        UUID secondReport = second.file();
        String ticketId = newTicket();
        String dept = newDepartment();
        OffsetDateTime t0 = now();

        publish(Topics.ASSIGNMENTS, assigned(ticketId, firstReport, first.sub, dept, 0, t0));
        publish(Topics.ASSIGNMENTS, new ReportMerged(UUID.randomUUID(), ticketId, secondReport, second.sub,
                t0.plusSeconds(30), t0.plusSeconds(31), 2, Priority.P1));

        await().atMost(WAIT).untilAsserted(() -> second.view(secondReport).statusCode(200).body("status", equalTo("MERGED")));
        second.view(secondReport)
                .body("ticketId", equalTo(ticketId))
                .body("departmentId", equalTo(dept))
                .body("areaPath", equalTo(AREA_PATH))
                .body("history.status", contains("SUBMITTED", "MERGED"));

        publish(Topics.TICKET_EVENTS, changed(ticketId, List.of(firstReport, secondReport), dept, TicketStatus.ASSIGNED,
                TicketStatus.ACCEPTED, t0.plusMinutes(10), null, null));
        await().atMost(WAIT).untilAsserted(() -> {
            first.view(firstReport).statusCode(200).body("status", equalTo("ACCEPTED"));
            second.view(secondReport).statusCode(200).body("status", equalTo("ACCEPTED"));
        });
    }

    @Test
    void redeliveredEventsAddNothingAndAReturnedTicketPassesEveryReportToTheNextDepartment() {
        Rider first = newRider();
        Rider second = newRider();
        UUID firstReport = first.file();
        UUID secondReport = second.file();
        String ticketId = newTicket();
        String water = newDepartment();
        String urban = newDepartment();
        OffsetDateTime t0 = now();

        TicketAssigned assigned = assigned(ticketId, firstReport, first.sub, water, 0, t0);
        TicketStatusChanged accepted = changed(ticketId, List.of(firstReport), water, TicketStatus.ASSIGNED,
                TicketStatus.ACCEPTED, t0.plusMinutes(10), null, null);
        publish(Topics.ASSIGNMENTS, assigned);
        publish(Topics.ASSIGNMENTS, new ReportMerged(UUID.randomUUID(), ticketId, secondReport, second.sub,
                t0.plusMinutes(1), t0.plusMinutes(1), 2, Priority.P1));
        publish(Topics.ASSIGNMENTS, assigned);
        publish(Topics.TICKET_EVENTS, accepted);
        publish(Topics.TICKET_EVENTS, accepted);
        // Later events on the same partitions: once they show, the redeliveries before them have been consumed.
        publish(Topics.TICKET_EVENTS, changed(ticketId, List.of(firstReport, secondReport), water, TicketStatus.ACCEPTED,
                TicketStatus.RETURNED, t0.plusMinutes(20), "Drain covers belong to urban management", null));
        publish(Topics.ASSIGNMENTS, assigned(ticketId, firstReport, first.sub, urban, 1, t0.plusMinutes(21)));

        await().atMost(WAIT).untilAsserted(() -> first.view(firstReport).statusCode(200)
                .body("history.status", contains("SUBMITTED", "ROUTED", "ACCEPTED", "RETURNED", "ROUTED")));
        first.view(firstReport)
                .body("status", equalTo("ROUTED"))
                .body("departmentId", equalTo(urban))
                .body("history.note", contains("Report received", "Assigned to " + water, null,
                        "Drain covers belong to urban management", "Passed to " + urban));

        await().atMost(WAIT).untilAsserted(() -> second.view(secondReport).statusCode(200)
                .body("history.status", contains("SUBMITTED", "MERGED", "RETURNED", "ROUTED")));
        second.view(secondReport)
                .body("status", equalTo("ROUTED"))
                .body("departmentId", equalTo(urban));
    }

    @Test
    void departmentAndAreaNamesFromRoutingShowOnEveryReportOfThatDepartmentAndArea() {
        String district = "YL-N" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        List<String> path = List.of("YL", district, district + "-01", district + "-01-G3");
        List<String> names = java.util.Arrays.asList("云龙市", "Xincheng District", "Heping Street", null);
        String dept = newDepartment();
        String water = newDepartment();
        OffsetDateTime t0 = now();

        // A report routed by an event that carries names.
        Rider first = newRider();
        UUID firstReport = first.file();
        String ticketId = newTicket();
        publish(Topics.ASSIGNMENTS, Riders.assigned(ticketId, firstReport, first.sub, dept, "Xincheng Urban Management",
                path, names, 0, t0));
        await().atMost(WAIT).untilAsserted(() -> first.view(firstReport).statusCode(200).body("status", equalTo("ROUTED")));
        first.view(firstReport)
                .body("departmentName", equalTo("Xincheng Urban Management"))
                .body("areaPath", equalTo(path))
                .body("areaNames", equalTo(names))
                .body("history[1].note", equalTo("Assigned to Xincheng Urban Management"));
        given().auth().oauth2(first.token).get("/api/v1/reports").then().statusCode(200)
                .body("items[0].departmentName", equalTo("Xincheng Urban Management"));

        // A report merged into a ticket whose first report was not filed here: the merge names the ticket's place.
        Rider second = newRider();
        UUID secondReport = second.file();
        publish(Topics.ASSIGNMENTS, new ReportMerged(UUID.randomUUID(), newTicket(), secondReport, second.sub,
                t0.plusSeconds(5), t0.plusSeconds(6), 2, Priority.P1, dept, "Xincheng Urban Management", path, names));
        await().atMost(WAIT).untilAsserted(() -> second.view(secondReport).statusCode(200).body("status", equalTo("MERGED")));
        second.view(secondReport)
                .body("departmentId", equalTo(dept))
                .body("departmentName", equalTo("Xincheng Urban Management"))
                .body("areaPath", equalTo(path))
                .body("areaNames", equalTo(names));

        // An event of an older routing, without names: the names intake already knows still show.
        Rider third = newRider();
        UUID thirdReport = third.file();
        publish(Topics.ASSIGNMENTS, new TicketAssigned(UUID.randomUUID(), newTicket(), thirdReport, third.sub, "MANHOLE_COVER",
                Priority.P1, dept, path.get(3), path, false, new GeoPoint(34.2, 117.28, null), "R-1", 1, 0, "old routing",
                t0, t0.plusSeconds(7), t0.plusHours(2), t0.plusHours(24)));
        await().atMost(WAIT).untilAsserted(() -> third.view(thirdReport).statusCode(200).body("status", equalTo("ROUTED")));
        third.view(thirdReport)
                .body("departmentName", equalTo("Xincheng Urban Management"))
                .body("areaNames", equalTo(names))
                .body("history[1].note", equalTo("Assigned to " + dept));

        // The ticket is returned and re-dispatched: the report follows, under the new department's name.
        publish(Topics.ASSIGNMENTS, Riders.assigned(ticketId, firstReport, first.sub, water, "Yunlong Water Group",
                path, names, 1, t0.plusMinutes(30)));
        await().atMost(WAIT).untilAsserted(() -> first.view(firstReport).statusCode(200)
                .body("departmentId", equalTo(water))
                .body("departmentName", equalTo("Yunlong Water Group"))
                .body("history[2].note", equalTo("Passed to Yunlong Water Group")));

        // A department renamed in routing: its next event renames it on every report, an older one changes nothing.
        Rider fourth = newRider();
        UUID fourthReport = fourth.file();
        publish(Topics.ASSIGNMENTS, Riders.assigned(newTicket(), fourthReport, fourth.sub, dept,
                "Xincheng Urban Management Bureau", path, names, 0, t0.plusHours(1)));
        Rider fifth = newRider();
        UUID fifthReport = fifth.file();
        publish(Topics.ASSIGNMENTS, Riders.assigned(newTicket(), fifthReport, fifth.sub, dept, "Old name", path, names, 0,
                t0.plusMinutes(1)));
        await().atMost(WAIT).untilAsserted(() -> {
            fourth.view(fourthReport).statusCode(200).body("status", equalTo("ROUTED"));
            fifth.view(fifthReport).statusCode(200).body("status", equalTo("ROUTED"));
        });
        third.view(thirdReport).statusCode(200).body("departmentName", equalTo("Xincheng Urban Management Bureau"));
        fifth.view(fifthReport).body("departmentName", equalTo("Xincheng Urban Management Bureau"));
    }

    @Test
    void otherReportersGetTheSame404AsForAReportThatDoesNotExist() {
        Rider owner = newRider();
        UUID reportId = owner.file();
        Rider other = newRider();

        Map<String, Object> hidden = problem(other.view(reportId).statusCode(404));
        Map<String, Object> missing = problem(other.view(UUID.randomUUID()).statusCode(404));
        Map<String, Object> malformed = problem(given().auth().oauth2(other.token)
                .get("/api/v1/reports/{id}", "not-a-uuid").then().statusCode(404));

        assertEquals(missing, hidden, "another reporter's report must look exactly like a missing one");
        assertEquals(missing, malformed);
        owner.view(reportId).statusCode(200);
    }

    @Test
    void staffOfItsDepartmentSupervisorsOfItsAreasAndAdminsMayReadAReportNobodyElse() {
        Rider rider = newRider();
        UUID reportId = rider.file();
        String dept = newDepartment();
        String staff = DevJwt.forRole("staff").dept(dept).sign();
        String supervisor = DevJwt.forRole("supervisor").area("YL-XC").sign();

        // Not routed yet: no department and no area, so only its reporter (and admins) may see it.
        Map<String, Object> missing = problem(read(staff, UUID.randomUUID()).statusCode(404));
        assertEquals(missing, problem(read(staff, reportId).statusCode(404)));
        assertEquals(missing, problem(read(supervisor, reportId).statusCode(404)));

        publish(Topics.ASSIGNMENTS, assigned(newTicket(), reportId, rider.sub, dept, 0, now()));
        await().atMost(WAIT).untilAsserted(() -> read(staff, reportId).statusCode(200).body("departmentId", equalTo(dept)));

        read(supervisor, reportId).statusCode(200).body("reportId", equalTo(reportId.toString()));
        read(DevJwt.forRole("supervisor").area("YL-XC-01-03-G07").sign(), reportId).statusCode(200);
        read(DevJwt.forRole("admin").sign(), reportId).statusCode(200);
        assertEquals(missing, problem(read(DevJwt.forRole("staff").dept("D-OTHER").sign(), reportId).statusCode(404)));
        assertEquals(missing, problem(read(DevJwt.forRole("staff").sign(), reportId).statusCode(404)));
        assertEquals(missing, problem(read(DevJwt.forRole("supervisor").area("LH").sign(), reportId).statusCode(404)));
    }

    @Test
    void readingAReportNeedsAValidToken() {
        UUID reportId = newRider().file();
        given().get("/api/v1/reports/{id}", reportId).then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2("not-a-jwt").get("/api/v1/reports/{id}", reportId).then().statusCode(401);
        given().auth().oauth2(DevJwt.forRole("reporter").issuer("https://evil.example").sign())
                .get("/api/v1/reports/{id}", reportId).then().statusCode(401);
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicsAndTheConsumersGoOn() {
        String marker = "poison-" + UUID.randomUUID();
        TestKafka.send(Topics.TICKET_EVENTS, "T-poison", "{not json " + marker, Map.of());
        TestKafka.send(Topics.TICKET_EVENTS, "T-poison", "{\"ticketId\":\"" + marker + "\",\"to\":\"ACCEPTED\"}", Map.of());
        TestKafka.send(Topics.ASSIGNMENTS, "T-poison", "{\"type\":\"TicketAssigned\",\"ticketId\":\"" + marker + "\"}", Map.of());

        TestKafka.readUntil(Topics.TICKET_EVENTS_DLQ_INTAKE, r -> r.value().equals("{not json " + marker), WAIT);
        TestKafka.readUntil(Topics.TICKET_EVENTS_DLQ_INTAKE, r -> r.value().contains(marker) && r.value().contains("ACCEPTED"), WAIT);
        TestKafka.readUntil(Topics.ASSIGNMENTS_DLQ_INTAKE, r -> r.value().contains(marker), WAIT);

        Rider rider = newRider();
        UUID reportId = rider.file();
        String ticketId = newTicket();
        String dept = newDepartment();
        publish(Topics.ASSIGNMENTS, assigned(ticketId, reportId, rider.sub, dept, 0, now()));
        publish(Topics.TICKET_EVENTS, changed(ticketId, List.of(reportId), dept, TicketStatus.ASSIGNED,
                TicketStatus.ACCEPTED, now().plusMinutes(1), null, null));
        await().atMost(WAIT).untilAsserted(() -> rider.view(reportId).statusCode(200)
                .body("history.status", contains("SUBMITTED", "ROUTED", "ACCEPTED")));
    }

    @Test
    void eventsAboutReportsFiledElsewhereAreIgnoredAndTheKnownOnesApplied() {
        Rider rider = newRider();
        UUID reportId = rider.file();
        String ticketId = newTicket();
        String dept = newDepartment();
        OffsetDateTime t0 = now();

        publish(Topics.ASSIGNMENTS, assigned(ticketId, UUID.randomUUID(), "eleme:filed-before-intake-had-a-db", dept, 0, t0));
        publish(Topics.ASSIGNMENTS, new ReportMerged(UUID.randomUUID(), ticketId, reportId, rider.sub,
                t0.plusSeconds(10), t0.plusSeconds(11), 2, Priority.P1));
        publish(Topics.TICKET_EVENTS, changed(ticketId, List.of(UUID.randomUUID(), reportId), dept, TicketStatus.ASSIGNED,
                TicketStatus.ACCEPTED, t0.plusMinutes(1), null, null));

        await().atMost(WAIT).untilAsserted(() -> rider.view(reportId).statusCode(200)
                .body("history.status", contains("SUBMITTED", "MERGED", "ACCEPTED")));
        // No other report of the ticket is known here to copy the area path from; the department comes with the ticket's status.
        rider.view(reportId)
                .body("status", equalTo("ACCEPTED"))
                .body("ticketId", equalTo(ticketId))
                .body("departmentId", equalTo(dept))
                .body("areaPath", empty());
    }

    /** A reporter with a subject of their own, so that each test owns its reports. */
    private record Rider(String sub, String token) {

        UUID file() {
            String id = given().auth().oauth2(token).contentType("application/json")
                    .body(Map.of("category", "MANHOLE_COVER",
                            "description", "Manhole cover missing on the bike lane, scooters swerve around it",
                            "location", Map.of("lat", 34.2, "lon", 117.28)))
                    .post("/api/v1/reports")
                    .then().statusCode(202).body("status", equalTo("SUBMITTED"))
                    .extract().path("reportId");
            return UUID.fromString(id);
        }

        ValidatableResponse view(UUID reportId) {
            return read(token, reportId);
        }
    }

    private static Rider newRider() {
        String sub = "meituan:" + UUID.randomUUID();
        return new Rider(sub, DevJwt.forRole("reporter").subject(sub).sign());
    }

    private static ValidatableResponse read(String token, UUID reportId) {
        return given().auth().oauth2(token).get("/api/v1/reports/{id}", reportId).then();
    }

    /** The problem body without {@code instance}, which names the requested path and so differs by design. */
    private static Map<String, Object> problem(ValidatableResponse response) {
        Map<String, Object> body = new HashMap<>(response.contentType("application/problem+json").extract().jsonPath().getMap("$"));
        body.remove("instance");
        return body;
    }

    private static String newTicket() {
        return "T-" + UUID.randomUUID();
    }

    private static String newDepartment() {
        return "D-URBAN-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
    }

    private static TicketAssigned assigned(String ticketId, UUID reportId, String reporterId, String dept, int hop,
                                           OffsetDateTime at) {
        return new TicketAssigned(UUID.randomUUID(), ticketId, reportId, reporterId, "MANHOLE_COVER", Priority.P1, dept,
                "YL-XC-01-03-G07", AREA_PATH, false, new GeoPoint(34.2, 117.28, null), "R-1", 1, hop,
                "MANHOLE_COVER at YL-XC", at.minusSeconds(1), at, at.plus(Priority.P1.defaultResponseTime()),
                at.plus(Priority.P1.defaultResolutionTime()));
    }

    private static TicketStatusChanged changed(String ticketId, List<UUID> reportIds, String dept, TicketStatus from,
                                               TicketStatus to, OffsetDateTime at, String note, String escalation) {
        return new TicketStatusChanged(UUID.randomUUID(), ticketId, reportIds, from, to, "staff:" + dept, at, note, dept,
                "MANHOLE_COVER", Priority.P1, 2, escalation);
    }

    private void publish(String topic, GridWatchEvent event) {
        try {
            TestKafka.send(topic, event.key(), mapper.writeValueAsString(event),
                    CloudEventHeaders.forEvent(event, "/gridwatch/test", now()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
