package org.gridwatch.intake;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.gridwatch.intake.Riders.WAIT;
import static org.gridwatch.intake.Riders.assigned;
import static org.gridwatch.intake.Riders.newDepartment;
import static org.gridwatch.intake.Riders.newRider;
import static org.gridwatch.intake.Riders.newTicket;
import static org.gridwatch.intake.Riders.now;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.gridwatch.contracts.Priority;
import org.gridwatch.contracts.Topics;
import org.gridwatch.contracts.events.GeoPoint;
import org.gridwatch.contracts.events.GridWatchEvent;
import org.gridwatch.contracts.events.ReportChannel;
import org.gridwatch.contracts.events.ReportSubmitted;
import org.gridwatch.contracts.events.TicketAssigned;
import org.gridwatch.contracts.events.TicketStatus;
import org.gridwatch.contracts.events.TicketStatusChanged;
import org.gridwatch.intake.Riders.Rider;
import org.gridwatch.intake.api.LocationInput;
import org.gridwatch.intake.api.ReportRequest;
import org.gridwatch.intake.messaging.ReportPublisher;
import org.gridwatch.intake.persistence.ReportEntity;
import org.gridwatch.intake.service.ReportStore;
import org.gridwatch.infra.testing.GridWatchTestResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The rider's view stays true when events arrive out of order, from several resolution instances or about very
 * large tickets (G7), and when intake was killed between Kafka's acknowledgement and its own commit.
 */
@QuarkusTest
@QuarkusTestResource(value = GridWatchTestResource.class, initArgs = @ResourceArg(name = "database", value = "intake_rider_test"))
class ReporterViewConsistencyTest {

    private static final List<String> AREA_PATH = List.of("YL", "YL-XC", "YL-XC-01", "YL-XC-01-03", "YL-XC-01-03-G07");

    @Inject
    ObjectMapper mapper;

    @Inject
    ReportStore store;

    @Inject
    ReportPublisher publisher;

    @BeforeEach
    void catalogue() {
        Riders.seedCatalogue(mapper);
    }

    @Test
    void aReportKafkaHoldsButIntakeNeverMarkedAcknowledgedShowsOnceRoutingDecidesIt() throws Exception {
        Rider rider = newRider();
        UUID reportId = UUID.randomUUID();
        // What a kill -9 between Kafka's acknowledgement and intake's commit leaves: the reservation, and the record.
        ReportEntity row = store.reserve(rider.sub(), ReportChannel.APP, null, new ReportRequest(reportId.toString(), "MANHOLE_COVER",
                        "Cover missing", new LocationInput(34.2, 117.28, null), null, null, List.of(), java.util.Map.of()),
                "hash", "wtw3sj", now());
        publisher.publish(new ReportSubmitted(row.eventId, reportId, rider.sub(), ReportChannel.APP, "MANHOLE_COVER",
                "Cover missing", new GeoPoint(34.2, 117.28, null), null, null, row.submittedAt, List.of(), java.util.Map.of(),
                "wtw3sj")).get(30, TimeUnit.SECONDS);
        rider.view(reportId).statusCode(404);

        String ticketId = newTicket();
        publish(assigned(ticketId, reportId, rider.sub(), newDepartment(), AREA_PATH, now()));

        rider.awaitStatus(reportId, "ROUTED");
        given().auth().oauth2(rider.token()).get("/api/v1/reports").then().statusCode(200)
                .body("items.reportId", hasItem(reportId.toString()));
    }

    @Test
    void aTicketsStatusFollowsItsVersionNotTheClocksOfTheInstancesThatPublishedIt() {
        Rider rider = newRider();
        UUID reportId = rider.file();
        String ticketId = newTicket();
        String dept = newDepartment();
        OffsetDateTime t0 = now();
        publish(assigned(ticketId, reportId, rider.sub(), dept, AREA_PATH, t0));
        publish(status(ticketId, List.of(reportId), dept, TicketStatus.IN_PROGRESS, TicketStatus.RESOLVED, 3, t0.plusMinutes(1)));
        // Published by an instance whose clock runs two minutes ahead, but older: version 2.
        publish(status(ticketId, List.of(reportId), dept, TicketStatus.ACCEPTED, TicketStatus.IN_PROGRESS, 2, t0.plusMinutes(3)));
        await().atMost(WAIT).untilAsserted(() -> rider.view(reportId).statusCode(200)
                .body("history.status", hasItem("IN_PROGRESS")));
        rider.view(reportId).body("status", equalTo("RESOLVED"));
    }

    @Test
    void aTicketWithMoreReportsThanAnEventNamesStillMovesEveryRidersReport() {
        Rider rider = newRider();
        UUID reportId = rider.file();
        String ticketId = newTicket();
        String dept = newDepartment();
        publish(assigned(ticketId, reportId, rider.sub(), dept, AREA_PATH, now()));
        rider.awaitStatus(reportId, "ROUTED");
        List<UUID> earliest = new ArrayList<>();
        for (int i = 0; i < TicketStatusChanged.MAX_REPORT_IDS; i++) {
            earliest.add(UUID.randomUUID());
        }
        publish(new TicketStatusChanged(UUID.randomUUID(), ticketId, earliest, TicketStatus.ASSIGNED, TicketStatus.ACCEPTED,
                "staff:" + dept, now(), null, dept, "MANHOLE_COVER", Priority.P1, 260, null, 250, null));
        rider.awaitStatus(reportId, "ACCEPTED");
    }

    @Test
    void aReportWhoseTicketWasFinishedFollowsTheTicketResolutionOpenedForIt() {
        Rider first = newRider();
        Rider late = newRider();
        UUID firstReport = first.file();
        UUID lateReport = late.file();
        String ticketId = newTicket();
        String dept = newDepartment();
        OffsetDateTime t0 = now();
        publish(assigned(ticketId, firstReport, first.sub(), dept, AREA_PATH, t0));
        publish(Riders.merged(ticketId, lateReport, late.sub(), dept, AREA_PATH, 2, t0.plusSeconds(30)));
        late.awaitStatus(lateReport, "MERGED");

        String split = "T-" + lateReport;
        TicketAssigned own = assigned(split, lateReport, late.sub(), dept, AREA_PATH, t0.plusMinutes(1));
        publish(new TicketAssigned(own.eventId(), own.ticketId(), own.reportId(), own.reporterId(), own.category(),
                own.priority(), own.departmentId(), own.gridCode(), own.areaPath(), own.unlocated(), own.location(), own.ruleId(),
                own.ruleSetVersion(), 0, "a new ticket", own.submittedAt(), own.assignedAt(), own.responseDueAt(),
                own.resolveDueAt(), null, List.of(), ticketId));
        publish(new TicketStatusChanged(UUID.randomUUID(), split, List.of(lateReport), null, TicketStatus.ASSIGNED,
                "resolution-service", t0.plusMinutes(1), "a new ticket", dept, "MANHOLE_COVER", Priority.P1, 1, null, 1, ticketId));
        late.awaitStatus(lateReport, "ASSIGNED");
        late.view(lateReport).body("ticketId", equalTo(split))
                .body("history.status", contains("SUBMITTED", "MERGED", "ROUTED", "ASSIGNED"))
                .body("history[2].note", startsWith("Ticket " + ticketId + " was already finished"));
        // The finished ticket's own later events name only its reports.
        publish(status(ticketId, List.of(firstReport), dept, TicketStatus.RESOLVED, TicketStatus.CLOSED, 5, t0.plusMinutes(2)));
        first.awaitStatus(firstReport, "CLOSED");
        late.view(lateReport).body("status", equalTo("ASSIGNED"));
    }

    private static TicketStatusChanged status(String ticketId, List<UUID> reportIds, String dept, TicketStatus from, TicketStatus to,
                                              long version, OffsetDateTime at) {
        return new TicketStatusChanged(UUID.randomUUID(), ticketId, reportIds, from, to, "staff:" + dept, at, null, dept,
                "MANHOLE_COVER", Priority.P1, version, null);
    }

    private void publish(GridWatchEvent event) {
        Riders.publish(mapper, event instanceof TicketStatusChanged ? Topics.TICKET_EVENTS : Topics.ASSIGNMENTS, event);
    }
}
