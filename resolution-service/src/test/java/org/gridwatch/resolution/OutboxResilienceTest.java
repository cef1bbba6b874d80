package org.gridwatch.resolution;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.gridwatch.resolution.TestTickets.act;
import static org.gridwatch.resolution.TestTickets.assign;
import static org.gridwatch.resolution.TestTickets.newDepartment;
import static org.gridwatch.resolution.TestTickets.newTicketId;
import static org.gridwatch.resolution.TestTickets.staff;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.gridwatch.contracts.Priority;
import org.gridwatch.contracts.Topics;
import org.gridwatch.contracts.events.ReportMerged;
import org.gridwatch.contracts.events.TicketAssigned;
import org.gridwatch.contracts.events.TicketStatus;
import org.gridwatch.contracts.events.TicketStatusChanged;
import org.gridwatch.infra.testing.GridWatchTestResource;
import org.gridwatch.infra.testing.TestInfrastructure;
import org.gridwatch.infra.testing.TestKafka;
import org.gridwatch.resolution.messaging.OutboxRelay;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/**
 * G8 and G7 in resolution's outbox: a row that can never be sent is parked and the rows behind it keep flowing; a
 * ticket with more reports than an event names keeps its events small; a slow Kafka never stalls the relay; and
 * several relays at once keep each ticket's events in order.
 */
@QuarkusTest
@QuarkusTestResource(value = GridWatchTestResource.class, initArgs = @ResourceArg(name = "database", value = "resolution_test"))
class OutboxResilienceTest {

    @Inject
    OutboxRelay relay;

    @Inject
    EntityManager em;

    @AfterEach
    void resume() {
        relay.resume();
    }

    @Test
    void aRowThatFailsItsSchemaIsParkedAndTheRowsBehindItFlow() throws Exception {
        relay.pause();
        String badTicket = newTicketId();
        // Reads as a TicketStatusChanged, but names no report: its schema wants at least one.
        TicketStatusChanged noReports = new TicketStatusChanged(UUID.randomUUID(), badTicket, List.of(), TicketStatus.ASSIGNED,
                TicketStatus.ACCEPTED, "staff:x", TestTickets.now(), null, "D-BAD", "MANHOLE_COVER", Priority.P1, 2, null);
        UUID bad = noReports.eventId();
        insertRow(bad, Topics.TICKET_EVENTS, badTicket, TicketStatusChanged.CE_TYPE, TestTickets.JSON.writeValueAsString(noReports));
        String ticketId = newTicketId();
        String dept = newDepartment("PARK");
        relay.resume();
        assign(ticketId, dept);
        TestTickets.awaitEvent(Topics.TICKET_EVENTS, ticketId, "to", "ASSIGNED");
        awaitParked(bad, "violates its schema");
        given().get("/q/metrics").then().statusCode(200).body(containsString("gridwatch_outbox_parked"));
    }

    @Test
    void aRowKafkaRefusesAsTooLargeIsParkedAndTheRowsBehindItFlow() throws Exception {
        relay.pause();
        String bigTicket = newTicketId();
        TicketStatusChanged big = new TicketStatusChanged(UUID.randomUUID(), bigTicket, List.of(UUID.randomUUID()),
                TicketStatus.IN_PROGRESS, TicketStatus.RESOLVED, "staff:x", TestTickets.now(), "x".repeat(2_000_000), "D-BIG",
                "MANHOLE_COVER", Priority.P1, 4, null);
        insertRow(big.eventId(), Topics.TICKET_EVENTS, bigTicket, TicketStatusChanged.CE_TYPE, TestTickets.JSON.writeValueAsString(big));
        String ticketId = newTicketId();
        relay.resume();
        assign(ticketId, newDepartment("BIG"));
        TestTickets.awaitEvent(Topics.TICKET_EVENTS, ticketId, "to", "ASSIGNED");
        awaitParked(big.eventId(), "RecordTooLargeException");
    }

    @Test
    void aTicketWithMoreReportsThanAnEventNamesKeepsItsEventsSmallAndFlowing() {
        String ticketId = newTicketId();
        String dept = newDepartment("CROWD");
        TicketAssigned assigned = assign(ticketId, dept);
        int merges = TicketStatusChanged.MAX_REPORT_IDS + 20;
        for (int i = 0; i < merges; i++) {
            TestTickets.publish(Topics.ASSIGNMENTS, new ReportMerged(UUID.randomUUID(), ticketId, UUID.randomUUID(), "rider-" + i,
                    TestTickets.now(), TestTickets.now(), i + 2, Priority.P1));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().oauth2(staff(dept))
                .get("/api/v1/tickets/{id}", ticketId).then().statusCode(200)
                .body("reports.size()", org.hamcrest.Matchers.equalTo(merges + 1)));
        act(staff(dept), ticketId, "accept", (long) merges + 1, null).then().statusCode(200);
        TestTickets.awaitEvent(Topics.TICKET_EVENTS, ticketId, "to", "ACCEPTED");
        JsonNode accepted = TestTickets.ticketEvents(ticketId, Duration.ofSeconds(1)).stream()
                .filter(e -> "ACCEPTED".equals(e.path("to").asText())).findFirst().orElseThrow();
        assertEquals(TicketStatusChanged.MAX_REPORT_IDS, accepted.path("reportIds").size());
        assertEquals(assigned.reportId().toString(), accepted.path("reportIds").get(0).asText(), "the earliest report first");
        assertEquals(merges + 1, accepted.path("reportCount").asInt());
    }

    @Test
    void aSlowKafkaNeverStallsTheRelay() throws Exception {
        relay.pause();
        String dept = newDepartment("SLOW");
        String ticketId = newTicketId();
        List<UUID> ids = new ArrayList<>();
        // 100 rows of about 2 KB for a broker that takes 2 KB a second from any producer: sent one by one, the batch
        // would take longer than its transaction may.
        for (int v = 1; v <= 100; v++) {
            TicketStatusChanged e = new TicketStatusChanged(UUID.randomUUID(), ticketId, List.of(UUID.randomUUID()),
                    TicketStatus.ASSIGNED, TicketStatus.ASSIGNED, "system", TestTickets.now(), "n".repeat(1_900), dept,
                    "MANHOLE_COVER", Priority.P1, v, TicketStatusChanged.ESCALATION_RESPONSE);
            insertRow(e.eventId(), Topics.TICKET_EVENTS, ticketId, TicketStatusChanged.CE_TYPE, TestTickets.JSON.writeValueAsString(e));
            ids.add(e.eventId());
        }
        try (Admin admin = admin()) {
            throttleProducers(admin, 2_000.0);
            try {
                relay.resume();
                await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> assertTrue(published(ids) > 0,
                        "some rows are published while Kafka is slow"));
            } finally {
                throttleProducers(admin, null);
            }
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertEquals(ids.size(), published(ids)));
    }

    @Test
    void severalRelaysAtOnceKeepEachTicketsEventsInOrder() throws Exception {
        relay.pause();
        List<String> ticketIds = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            String ticketId = newTicketId();
            ticketIds.add(ticketId);
            for (int v = 1; v <= 120; v++) {
                TicketStatusChanged e = new TicketStatusChanged(UUID.randomUUID(), ticketId, List.of(UUID.randomUUID()),
                        TicketStatus.ASSIGNED, TicketStatus.ASSIGNED, "system", TestTickets.now(), null, "D-ORDER",
                        "MANHOLE_COVER", Priority.P1, v, TicketStatusChanged.ESCALATION_RESPONSE);
                insertRow(e.eventId(), Topics.TICKET_EVENTS, ticketId, TicketStatusChanged.CE_TYPE,
                        TestTickets.JSON.writeValueAsString(e));
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> relays = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                relays.add(pool.submit(() -> {
                    go.await();
                    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                    while (System.nanoTime() < until && unpublished(ticketIds) > 0) {
                        relay.relayBatch();
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : relays) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, unpublished(ticketIds));
        Map<String, List<Long>> versions = new HashMap<>();
        for (ConsumerRecord<String, String> r : TestKafka.readAll(Topics.TICKET_EVENTS, Duration.ofSeconds(2))) {
            if (ticketIds.contains(r.key())) {
                versions.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(TestTickets.json(r).path("version").asLong());
            }
        }
        for (String ticketId : ticketIds) {
            List<Long> seen = versions.get(ticketId);
            List<Long> firstSeen = seen.stream().distinct().toList();
            assertEquals(120, firstSeen.size());
            assertEquals(firstSeen.stream().sorted().toList(), firstSeen, "events of " + ticketId + " in the order they were written");
        }
    }

    private void insertRow(UUID eventId, String topic, String key, String ceType, String payload) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                        INSERT INTO outbox (event_id, topic, event_key, ce_type, payload, created_at)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6)""")
                .setParameter(1, eventId).setParameter(2, topic).setParameter(3, key).setParameter(4, ceType)
                .setParameter(5, payload).setParameter(6, OffsetDateTime.now()).executeUpdate());
    }

    private void awaitParked(UUID eventId, String reason) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<?> rows = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                    "SELECT reason FROM outbox_parked WHERE event_id = ?1").setParameter(1, eventId).getResultList());
            assertEquals(1, rows.size(), "the row is parked");
            assertTrue(rows.get(0).toString().contains(reason), "reason: " + rows.get(0));
        });
        long left = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "SELECT count(*) FROM outbox WHERE event_id = ?1").setParameter(1, eventId).getSingleResult()).longValue());
        assertEquals(0, left, "a parked row leaves the outbox");
        assertFalse(relay.parked() == 0, "the parked figure counts it");
    }

    private long published(List<UUID> ids) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                        "SELECT count(*) FROM outbox WHERE event_id = ANY(?1) AND published_at IS NOT NULL")
                .setParameter(1, ids.toArray(new UUID[0])).getSingleResult()).longValue());
    }

    private long unpublished(List<String> ticketIds) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                        "SELECT count(*) FROM outbox WHERE event_key = ANY(?1) AND published_at IS NULL")
                .setParameter(1, ticketIds.toArray(new String[0])).getSingleResult()).longValue());
    }

    private static Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.shared().bootstrapServers());
        return Admin.create(props);
    }

    /** Sets (or with null removes) the broker's default byte-rate quota for every producer. */
    private static void throttleProducers(Admin admin, Double bytesPerSecond) throws Exception {
        Map<String, String> defaultClient = new HashMap<>();
        defaultClient.put(ClientQuotaEntity.CLIENT_ID, null);
        admin.alterClientQuotas(List.of(new ClientQuotaAlteration(new ClientQuotaEntity(defaultClient),
                List.of(new ClientQuotaAlteration.Op("producer_byte_rate", bytesPerSecond))))).all().get(30, TimeUnit.SECONDS);
    }
}
