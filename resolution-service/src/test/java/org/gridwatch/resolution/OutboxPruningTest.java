package org.gridwatch.resolution;

import static org.awaitility.Awaitility.await;
import static org.gridwatch.resolution.TestTickets.act;
import static org.gridwatch.resolution.TestTickets.assign;
import static org.gridwatch.resolution.TestTickets.newDepartment;
import static org.gridwatch.resolution.TestTickets.newTicketId;
import static org.gridwatch.resolution.TestTickets.staff;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.gridwatch.contracts.CloudEventHeaders;
import org.gridwatch.contracts.Topics;
import org.gridwatch.infra.testing.GridWatchTestResource;
import org.gridwatch.infra.testing.TestKafka;
import org.gridwatch.resolution.config.ResolutionConfig;
import org.gridwatch.resolution.messaging.OutboxRelay;
import org.gridwatch.resolution.persistence.OutboxEntry;
import org.gridwatch.resolution.persistence.OutboxRepository;
import org.gridwatch.resolution.service.OutboxPruner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** Published outbox rows are deleted once older than the retention (7 days); unpublished rows never are. */
@QuarkusTest
@QuarkusTestResource(value = GridWatchTestResource.class, initArgs = @ResourceArg(name = "database", value = "resolution_test"))
class OutboxPruningTest {

    @Inject
    OutboxRelay relay;

    @Inject
    OutboxRepository outbox;

    @Inject
    OutboxPruner pruner;

    @Inject
    ResolutionConfig config;

    @Inject
    MutableClock clock;

    @AfterEach
    void restore() {
        relay.resume();
        clock.reset();
    }

    @Test
    void deletesRowsPublishedLongerAgoThanTheRetentionAndKeepsUnpublishedOnes() {
        assertEquals(Duration.ofDays(7), config.outboxRetention());
        // Rejected tickets: nothing happens to them later (no escalation, no auto-close) that would add rows.
        String dept = newDepartment("PRUNE");
        String published = newTicketId();
        String pending = newTicketId();
        assign(published, dept);
        assign(pending, dept);
        act(staff(dept), published, "reject", 1L, "{\"note\":\"Not a hazard\"}").then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> rows(published).size() == 2 && rows(pending).size() == 1
                && rows(published).stream().allMatch(r -> r.publishedAt != null) && rows(pending).get(0).publishedAt != null);

        // The relay is down for the whole week: this change waits in the outbox, unpublished.
        relay.pause();
        act(staff(dept), pending, "reject", 1L, "{\"note\":\"Private property\"}").then().statusCode(200);
        UUID waiting = rows(pending).get(1).eventId;

        clock.advance(Duration.ofDays(6));
        pruner.prune();
        assertEquals(2, rows(published).size(), "rows published six days ago are kept");
        assertEquals(2, rows(pending).size());

        // Past the retention: the scheduled run (every second in tests) deletes what was published, nothing else.
        clock.advance(Duration.ofDays(2));
        await().atMost(Duration.ofSeconds(30)).until(() -> rows(published).isEmpty());
        List<OutboxEntry> left = rows(pending);
        assertEquals(1, left.size());
        assertEquals(waiting, left.get(0).eventId);
        assertNull(left.get(0).publishedAt);

        // The relay comes back: the row that outlived the retention unpublished is still sent.
        relay.resume();
        TestKafka.readUntil(Topics.TICKET_EVENTS, r -> waiting.toString().equals(TestKafka.header(r, CloudEventHeaders.ID)),
                Duration.ofSeconds(30));
    }

    private List<OutboxEntry> rows(String ticketId) {
        return QuarkusTransaction.requiringNew().call(() -> outbox.list("eventKey = ?1 order by id", ticketId));
    }
}
