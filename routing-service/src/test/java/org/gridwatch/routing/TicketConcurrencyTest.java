package org.gridwatch.routing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.gridwatch.contracts.Priority;
import org.gridwatch.contracts.Topics;
import org.gridwatch.contracts.events.AssignmentEvent;
import org.gridwatch.contracts.events.ReportMerged;
import org.gridwatch.contracts.events.GeoPoint;
import org.gridwatch.contracts.events.GridWatchEvent;
import org.gridwatch.contracts.events.ReportChannel;
import org.gridwatch.contracts.events.ReportSubmitted;
import org.gridwatch.contracts.events.TicketAssigned;
import org.gridwatch.contracts.events.TicketReturned;
import org.gridwatch.contracts.events.TicketStatus;
import org.gridwatch.contracts.events.TicketStatusChanged;
import org.gridwatch.infra.DevJwt;
import org.gridwatch.infra.KafkaBroker;
import org.gridwatch.infra.testing.GridWatchTestResource;
import org.gridwatch.infra.testing.TestInfrastructure;
import org.gridwatch.infra.testing.TestKafka;
import org.gridwatch.routing.domain.Distance;
import org.gridwatch.routing.messaging.ReportConsumer;
import org.gridwatch.routing.persistence.DecisionEntity;
import org.gridwatch.routing.persistence.DecisionRepository;
import org.gridwatch.routing.persistence.RoutingTicket;
import org.gridwatch.routing.persistence.RoutingTicketRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * G7 and G8 in routing: merges, status changes and returns of one ticket arrive on three topics at once and must
 * never undo each other; status events are ordered by the ticket's version, not by clocks; a report delivered to
 * two consumers at once (a rebalance) is decided once and never dead-lettered; and a publish interrupted while
 * Kafka is down waits for Kafka instead of failing the report. Its own database and city.
 */
@QuarkusTest
@QuarkusTestResource(value = GridWatchTestResource.class, initArgs = @ResourceArg(name = "database", value = "routing_concurrency_test"))
class TicketConcurrencyTest {

    private static final String ADMIN = DevJwt.forRole("admin").sign();
    private static final String CATEGORY = "ROAD_DAMAGE";
    private static final double METRE = Distance.latDegrees(1);
    private static final int ROUNDS = 8;
    private static final int MERGES_PER_ROUND = 6;
    private static TestCity city;
    private static int nextSpot;

    @Inject
    ObjectMapper mapper;

    @Inject
    RoutingTicketRepository tickets;

    @Inject
    DecisionRepository decisions;

    @Inject
    ReportConsumer reportConsumer;

    @BeforeEach
    void loadCity() {
        if (city != null) {
            return;
        }
        TestCity c = TestCity.fresh();
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(c.json()).put("/api/v1/areas").then().statusCode(200);
        department("D-OPS-" + c.prefix, "Operations", c.city());
        department("D-ROADS-" + c.prefix, "Roads", c.code("-A"));
        rule("R-FALLBACK-" + c.prefix, "*", c.city(), "D-OPS-" + c.prefix);
        rule("R-ROADS-" + c.prefix, CATEGORY, c.code("-A"), "D-ROADS-" + c.prefix);
        city = c;
    }

    @Test
    void mergesStatusChangesAndReturnsOfOneTicketNeverUndoEachOther() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                double[] spot = nextSpotInDistrictA();
                TicketAssigned first = assigned(submit(report(spot, "first-" + round)));
                assertEquals("D-ROADS-" + city.prefix, first.departmentId());
                String t = first.ticketId();

                List<ReportSubmitted> merges = new ArrayList<>();
                for (int i = 0; i < MERGES_PER_ROUND; i++) {
                    merges.add(report(new double[] {spot[0] + i * METRE, spot[1]}, "merge-" + round + "-" + i));
                }
                // What resolution would publish for the ticket: accepted, returned, assigned again, worked on, resolved.
                OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC);
                List<TicketStatusChanged> statuses = List.of(
                        status(t, first.reportId(), TicketStatus.ASSIGNED, TicketStatus.ACCEPTED, 2, at.plusSeconds(1)),
                        status(t, first.reportId(), TicketStatus.ACCEPTED, TicketStatus.RETURNED, 3, at.plusSeconds(2)),
                        status(t, first.reportId(), TicketStatus.RETURNED, TicketStatus.ASSIGNED, 4, at.plusSeconds(3)),
                        status(t, first.reportId(), TicketStatus.ASSIGNED, TicketStatus.ACCEPTED, 5, at.plusSeconds(4)),
                        status(t, first.reportId(), TicketStatus.ACCEPTED, TicketStatus.IN_PROGRESS, 6, at.plusSeconds(5)),
                        status(t, first.reportId(), TicketStatus.IN_PROGRESS, TicketStatus.RESOLVED, 7, at.plusSeconds(6)));
                TicketReturned returned = new TicketReturned(UUID.randomUUID(), t, first.reportId(), CATEGORY, first.location(),
                        first.departmentId(), "not a road", "staff:li", at.plusSeconds(2), 1, List.of());

                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> sent = List.of(
                        pool.submit(() -> sendAll(go, merges)),
                        pool.submit(() -> sendAll(go, statuses)),
                        pool.submit(() -> sendAll(go, List.of(returned))));
                go.countDown();
                for (Future<?> f : sent) {
                    f.get(30, TimeUnit.SECONDS);
                }

                Set<String> expectedReporters = new HashSet<>(Set.of(first.reporterId()));
                for (ReportSubmitted merge : merges) {
                    DecisionEntity d = awaitDecision(merge.reportId());
                    if (d.ticketId.equals(t)) {
                        expectedReporters.add(merge.reporterId());
                    }
                }
                int r = round;
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    RoutingTicket now = ticket(t);
                    assertFalse(now.open, "round " + r + ": the ticket was resolved (version 7) but routing holds it open");
                    assertEquals(expectedReporters, Set.copyOf(now.reporters), "round " + r + ": every merged reporter is kept");
                    assertEquals(1, now.hop, "round " + r + ": the return's hop is kept");
                    assertEquals("D-OPS-" + city.prefix, now.departmentId, "round " + r + ": the re-dispatch's department is kept");
                });
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void statusEventsAreOrderedByTheTicketsVersionNotByTheirClocks() throws Exception {
        double[] spot = nextSpotInDistrictA();
        TicketAssigned first = assigned(submit(report(spot, "clock-0")));
        OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC);
        // Two resolution instances with clocks a minute apart: the resolution (version 3) carries the earlier time.
        publish(Topics.TICKET_EVENTS, status(first.ticketId(), first.reportId(), TicketStatus.IN_PROGRESS, TicketStatus.RESOLVED, 3, at));
        publish(Topics.TICKET_EVENTS, status(first.ticketId(), first.reportId(), TicketStatus.ACCEPTED, TicketStatus.IN_PROGRESS, 2,
                at.plusMinutes(1)));
        TestKafka.awaitConsumed("routing-service", Topics.TICKET_EVENTS, Duration.ofSeconds(30));
        assertFalse(ticket(first.ticketId()).open, "version 3 (RESOLVED) is the ticket's latest status, whatever its clock said");
        AssignmentEvent next = decisionEvent(submit(report(new double[] {spot[0] + 3 * METRE, spot[1]}, "clock-1")));
        assertTrue(next instanceof TicketAssigned, "a report beside a resolved ticket opens a new one, not " + next);
    }

    @Test
    void aTicketResolutionOpenedForALateMergeTakesLaterMergesAndTheDecisionSaysWhy() throws Exception {
        double[] spot = nextSpotInDistrictA();
        TicketAssigned first = assigned(submit(report(spot, "late-0")));
        ReportSubmitted late = report(new double[] {spot[0] + 2 * METRE, spot[1]}, "late-1");
        AssignmentEvent merge = decisionEvent(submit(late));
        assertEquals(first.ticketId(), merge.ticketId(), "merged into the open ticket");
        OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC);
        // Resolution had resolved the ticket before the merge reached it: it opened T-<report> and says so.
        publish(Topics.TICKET_EVENTS, status(first.ticketId(), first.reportId(), TicketStatus.IN_PROGRESS, TicketStatus.RESOLVED,
                4, at));
        String split = "T-" + late.reportId();
        publish(Topics.TICKET_EVENTS, new TicketStatusChanged(UUID.randomUUID(), split, List.of(late.reportId()), null,
                TicketStatus.ASSIGNED, "resolution-service", at.plusSeconds(1), "a new ticket", first.departmentId(), CATEGORY,
                Priority.P2, 1, null, 1, first.ticketId()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(ADMIN)
                .get("/api/v1/routing/decisions/{id}", late.reportId()).then().statusCode(200)
                .body("ticketId", org.hamcrest.Matchers.equalTo(split))
                .body("outcome", org.hamcrest.Matchers.equalTo("NEW_TICKET"))
                .body("reason", org.hamcrest.Matchers.containsString(first.ticketId() + " was already finished")));
        RoutingTicket adopted = ticket(split);
        assertTrue(adopted.open);
        assertEquals(first.ticketId(), adopted.splitFrom);
        assertEquals(List.of("late-1"), adopted.reporters);
        AssignmentEvent next = decisionEvent(submit(report(new double[] {spot[0] + 3 * METRE, spot[1]}, "late-2")));
        assertEquals(split, next.ticketId(), "a later report near it joins the ticket resolution opened");
    }

    @Test
    void aReportDeliveredToTwoConsumersAtOnceIsDecidedOnceAndNeverFails() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 10; round++) {
                ReportSubmitted report = report(nextSpotInDistrictA(), "twice-" + round);
                CountDownLatch go = new CountDownLatch(1);
                ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
                List<Future<?>> calls = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    calls.add(pool.submit(() -> {
                        go.await();
                        try {
                            reportConsumer.route(List.of(report));
                        } catch (RuntimeException e) {
                            failures.add(e); // the connector would send the report to the dead-letter topic
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : calls) {
                    f.get(60, TimeUnit.SECONDS);
                }
                assertEquals(List.of(), List.copyOf(failures), "round " + round + ": a valid report failed");
                assertEquals(1, QuarkusTransaction.requiringNew().call(() -> decisions.count("reportId", report.reportId())));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Reports of one poll are decided in one transaction: a later one merges into the ticket an earlier one opened, and
     * a record among them that is not a report goes to the dead-letter topic alone.
     */
    @Test
    void reportsOfOnePollAtOneSpotMakeOneTicketAndAPoisonRecordAmongThemGoesAlone() throws Exception {
        double[] spot = nextSpotInDistrictA();
        String marker = "poll-" + UUID.randomUUID();
        List<ReportSubmitted> reports = List.of(report(spot, "poll-1"), report(new double[] {spot[0] + 2 * METRE, spot[1]}, "poll-2"),
                report(new double[] {spot[0], spot[1] + 2 * METRE}, "poll-3"));
        TestKafka.sendAll(Topics.REPORTS, marker, List.of(mapper.writeValueAsString(reports.get(0)),
                mapper.writeValueAsString(reports.get(1)), "{not json " + marker, mapper.writeValueAsString(reports.get(2))), Map.of());

        TicketAssigned opened = assigned(reports.get(0));
        for (ReportSubmitted later : reports.subList(1, 3)) {
            AssignmentEvent e = decisionEvent(later);
            assertTrue(e instanceof ReportMerged, "a later report of the poll merges: " + e);
            assertEquals(opened.ticketId(), e.ticketId());
        }
        assertEquals(List.of("poll-1", "poll-2", "poll-3"), ticket(opened.ticketId()).reporters);
        List<String> deadLettered = TestKafka.readUntil(Topics.REPORTS_DLQ_ROUTING, r -> r.value().equals("{not json " + marker),
                Duration.ofSeconds(30)).stream().map(r -> r.value())
                .filter(v -> v.contains(marker) || reports.stream().anyMatch(r -> v.contains(r.reportId().toString()))).toList();
        assertEquals(List.of("{not json " + marker), deadLettered);
    }

    @Test
    void aPublishInterruptedWhileKafkaIsDownWaitsForKafkaInsteadOfFailingTheReport() throws Exception {
        ReportSubmitted report = report(nextSpotInDistrictA(), "outage");
        KafkaBroker broker = TestInfrastructure.shared().broker();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        Thread consumer = new Thread(() -> {
            try {
                reportConsumer.route(List.of(report));
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }, "report-consumer-under-test");
        broker.stop();
        try {
            consumer.start();
            Thread.sleep(4_000);
            consumer.interrupt(); // what a shutdown does to a consumer's worker
            Thread.sleep(1_000);
        } finally {
            broker.start();
        }
        consumer.join(TimeUnit.SECONDS.toMillis(120));
        assertFalse(consumer.isAlive(), "the publish completed once Kafka was back");
        assertEquals(List.of(), List.copyOf(failures), "the report failed (the connector would dead-letter it)");
        decisionEvent(report);
    }

    private Void sendAll(CountDownLatch go, List<? extends GridWatchEvent> events) throws Exception {
        go.await();
        for (GridWatchEvent e : events) {
            publish(e instanceof ReportSubmitted ? Topics.REPORTS : e instanceof TicketReturned ? Topics.RETURNS : Topics.TICKET_EVENTS, e);
            Thread.sleep(ThreadLocalRandom.current().nextInt(15));
        }
        return null;
    }

    private RoutingTicket ticket(String id) {
        return QuarkusTransaction.requiringNew().call(() -> {
            RoutingTicket t = tickets.findById(id);
            assertNotNull(t, "routing knows ticket " + id);
            t.reporters.size(); // read while the transaction is open
            return t;
        });
    }

    private DecisionEntity awaitDecision(UUID reportId) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> decisions.findById(reportId)), d -> d != null);
    }

    private double[] nextSpotInDistrictA() {
        // District A is grid column 0: 0.01° of longitude by 0.02° of latitude; spots 200 m apart never merge.
        int n = nextSpot++;
        double lat = TestCity.y(0) + 0.001 + (n % 9) * 0.002;
        double lon = TestCity.x(0) + 0.001 + (n / 9) * 0.002;
        assertTrue(lon < TestCity.x(1), "district A has room for this spot");
        return new double[] {lat, lon};
    }

    private TicketAssigned assigned(ReportSubmitted r) throws Exception {
        AssignmentEvent e = decisionEvent(r);
        assertTrue(e instanceof TicketAssigned, "expected a new ticket, got " + e);
        return (TicketAssigned) e;
    }

    private AssignmentEvent decisionEvent(ReportSubmitted r) throws Exception {
        return RoutingTopics.decisionEvent(mapper, r);
    }

    private ReportSubmitted submit(ReportSubmitted r) throws Exception {
        publish(Topics.REPORTS, r);
        return r;
    }

    private void publish(String topic, GridWatchEvent event) throws Exception {
        RoutingTopics.publish(mapper, topic, event);
    }

    private static TicketStatusChanged status(String ticketId, UUID reportId, TicketStatus from, TicketStatus to, long version,
                                              OffsetDateTime at) {
        return new TicketStatusChanged(UUID.randomUUID(), ticketId, List.of(reportId), from, to, "staff:li", at, null,
                "D-ROADS", CATEGORY, Priority.P2, version, null);
    }

    private static ReportSubmitted report(double[] spot, String reporter) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        return new ReportSubmitted(UUID.randomUUID(), UUID.randomUUID(), reporter, ReportChannel.APP, CATEGORY, "pothole",
                new GeoPoint(spot[0], spot[1], 5.0), null, null, now, List.of(), Map.of(), "cell");
    }

    private static void department(String id, String name, String area) {
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("id", id, "name", name, "areaCode", area))
                .put("/api/v1/departments/{id}", id).then().statusCode(200);
    }

    private static void rule(String id, String category, String area, String dept) {
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("id", id, "category", category, "areaCode", area, "departmentId", dept))
                .post("/api/v1/routing-rules").then().statusCode(201);
    }
}
