package org.gridwatch.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.gridwatch.contracts.CloudEventHeaders;
import org.gridwatch.contracts.EventSchemas;
import org.gridwatch.contracts.Topics;
import org.gridwatch.contracts.events.AssignmentEvent;
import org.gridwatch.contracts.events.GridWatchEvent;
import org.gridwatch.contracts.events.ReportSubmitted;
import org.gridwatch.infra.testing.TestKafka;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Routing's topics for tests: an event put on a topic as a producer would, and routing's decision on a report read back. */
final class RoutingTopics {

    private RoutingTopics() {
    }

    /** Sends the event with its key and CloudEvents headers, and waits for the broker's acknowledgement. */
    static void publish(ObjectMapper mapper, String topic, GridWatchEvent event) throws Exception {
        TestKafka.send(topic, event.key(), mapper.writeValueAsString(event),
                CloudEventHeaders.forEvent(event, "/gridwatch/test", OffsetDateTime.now(ZoneOffset.UTC)));
    }

    /** The latest assignment event about the report: checked against its schema, keyed by its ticket, typed by ce_type. */
    static AssignmentEvent decisionEvent(ObjectMapper mapper, ReportSubmitted r) throws Exception {
        List<ConsumerRecord<String, String>> records = TestKafka.readUntil(Topics.ASSIGNMENTS,
                rec -> rec.value().contains(r.reportId().toString()), Duration.ofSeconds(60));
        ConsumerRecord<String, String> rec = records.get(records.size() - 1);
        AssignmentEvent e = mapper.readValue(rec.value(), AssignmentEvent.class);
        EventSchemas.assertValid(e.getClass(), rec.value());
        assertEquals(e.ticketId(), rec.key(), "assignments are keyed by ticket");
        assertEquals(e.ceType(), TestKafka.header(rec, CloudEventHeaders.TYPE));
        return e;
    }
}
