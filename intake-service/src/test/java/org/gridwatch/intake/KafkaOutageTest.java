package org.gridwatch.intake;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.gridwatch.contracts.Topics;
import org.gridwatch.infra.KafkaBroker;
import org.gridwatch.infra.testing.GridWatchTestResource;
import org.gridwatch.infra.testing.TestInfrastructure;
import org.gridwatch.infra.testing.TestKafka;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/**
 * G1 with the broker gone: intake answers 503 with Retry-After within a few seconds, never 2xx; once the
 * broker is back it accepts again by itself, and every report that got a 202 is on the topic.
 */
@QuarkusTest
@QuarkusTestResource(value = GridWatchTestResource.class, initArgs = @ResourceArg(name = "database", value = "intake_test"))
class KafkaOutageTest {

    private static final long BOUND_MILLIS = 8_000;

    @Test
    void answers503WhileKafkaIsDownRecoversByItselfAndLosesNothingAcknowledged() {
        KafkaBroker broker = TestInfrastructure.shared().broker();
        String reporter = Reports.newReporter();
        Set<UUID> acknowledged = new HashSet<>();
        List<UUID> refused = new ArrayList<>();

        UUID before = UUID.randomUUID();
        Reports.post(reporter, Reports.body(before, "before the outage")).statusCode(202);
        acknowledged.add(before);

        broker.stop();
        try {
            for (int i = 0; i < 5; i++) {
                UUID id = UUID.randomUUID();
                long t0 = System.nanoTime();
                Reports.post(reporter, Reports.body(id, "during the outage " + i))
                        .statusCode(503)
                        .contentType("application/problem+json")
                        .header("Retry-After", notNullValue())
                        .body("status", equalTo(503));
                long took = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(took < BOUND_MILLIS, "503 took " + took + " ms");
                refused.add(id);
            }
        } finally {
            broker.start();
        }

        // The app resends what was refused, as its offline queue does, until intake takes it.
        for (UUID id : refused) {
            int i = refused.indexOf(id);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                    Reports.post(reporter, Reports.body(id, "during the outage " + i)).statusCode(202));
            acknowledged.add(id);
        }
        UUID after = UUID.randomUUID();
        Reports.post(reporter, Reports.body(after, "after the outage")).statusCode(202);
        acknowledged.add(after);

        List<ConsumerRecord<String, String>> records = TestKafka.readUntil(Topics.REPORTS,
                r -> r.value().contains(after.toString()), Duration.ofSeconds(60));
        for (UUID id : acknowledged) {
            assertTrue(records.stream().anyMatch(r -> r.value().contains("\"reportId\":\"" + id + "\"")),
                    "acknowledged report " + id + " is missing from the topic");
        }
    }
}
