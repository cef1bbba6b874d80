package org.gridwatch.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void deadLetterTopicNamesFollowTopicDlqConsumer() {
        assertEquals("gridwatch.reports.v1.dlq.routing", Topics.dlq(Topics.REPORTS, "routing"));
        assertEquals(Topics.dlq(Topics.REPORTS, "routing"), Topics.REPORTS_DLQ_ROUTING);
        assertEquals(Topics.dlq(Topics.RETURNS, "routing"), Topics.RETURNS_DLQ_ROUTING);
        assertEquals(Topics.dlq(Topics.TICKET_EVENTS, "routing"), Topics.TICKET_EVENTS_DLQ_ROUTING);
        assertEquals(Topics.dlq(Topics.TICKET_EVENTS, "intake"), Topics.TICKET_EVENTS_DLQ_INTAKE);
        assertEquals(Topics.dlq(Topics.CATEGORIES, "intake"), Topics.CATEGORIES_DLQ_INTAKE);
        assertEquals(Topics.dlq(Topics.ASSIGNMENTS, "resolution"), Topics.ASSIGNMENTS_DLQ_RESOLUTION);
        assertEquals(Topics.dlq(Topics.FEEDBACK, "resolution"), Topics.FEEDBACK_DLQ_RESOLUTION);
        assertEquals(Topics.dlq(Topics.ASSIGNMENTS, "intake"), Topics.ASSIGNMENTS_DLQ_INTAKE);
        assertEquals("gridwatch.assignments.v1.dlq.resolution-stats", Topics.ASSIGNMENTS_DLQ_RESOLUTION_STATS);
        assertEquals(Topics.dlq(Topics.TICKET_EVENTS, "resolution-stats"), Topics.TICKET_EVENTS_DLQ_RESOLUTION_STATS);
        assertEquals(Topics.dlq(Topics.FEEDBACK, "resolution-stats"), Topics.FEEDBACK_DLQ_RESOLUTION_STATS);
    }

    @Test
    void allListsEveryTopicOnceWithOnlyCategoriesCompacted() {
        List<TopicSpec> all = Topics.all();

        assertEquals(17, all.size());
        assertEquals(all.size(), all.stream().map(TopicSpec::name).distinct().count());
        assertEquals(List.of(Topics.CATEGORIES),
                all.stream().filter(TopicSpec::compacted).map(TopicSpec::name).collect(Collectors.toList()));
    }

    @Test
    void mainTopicsHaveSixPartitionsAndDeadLetterTopicsOne() {
        for (TopicSpec topic : Topics.all()) {
            int expected = topic.name().contains(".dlq.") ? 1 : 6;
            assertEquals(expected, topic.partitions(), topic.name());
        }
        assertTrue(Topics.all().stream().anyMatch(topic -> topic.name().equals(Topics.FEEDBACK_DLQ_RESOLUTION)));
    }
}
