package org.gridwatch.contracts;

import java.util.List;
import java.util.Objects;

/**
 * Names of every Kafka topic GridWatch uses, including one dead-letter topic per consumer.
 */
public final class Topics {

    public static final int MAIN_PARTITIONS = 6;
    public static final int DLQ_PARTITIONS = 1;

    public static final String REPORTS = "gridwatch.reports.v1";
    public static final String ASSIGNMENTS = "gridwatch.assignments.v1";
    public static final String TICKET_EVENTS = "gridwatch.ticket-events.v1";
    public static final String RETURNS = "gridwatch.returns.v1";
    public static final String FEEDBACK = "gridwatch.feedback.v1";
    public static final String CATEGORIES = "gridwatch.categories.v1";

    private static final String DLQ_INFIX = ".dlq.";

    public static final String REPORTS_DLQ_ROUTING = REPORTS + DLQ_INFIX + "routing";
    public static final String RETURNS_DLQ_ROUTING = RETURNS + DLQ_INFIX + "routing";
    public static final String TICKET_EVENTS_DLQ_ROUTING = TICKET_EVENTS + DLQ_INFIX + "routing";
    public static final String TICKET_EVENTS_DLQ_INTAKE = TICKET_EVENTS + DLQ_INFIX + "intake";
    public static final String CATEGORIES_DLQ_INTAKE = CATEGORIES + DLQ_INFIX + "intake";
    public static final String ASSIGNMENTS_DLQ_RESOLUTION = ASSIGNMENTS + DLQ_INFIX + "resolution";
    public static final String ASSIGNMENTS_DLQ_INTAKE = ASSIGNMENTS + DLQ_INFIX + "intake";
    public static final String FEEDBACK_DLQ_RESOLUTION = FEEDBACK + DLQ_INFIX + "resolution";
    /** Resolution's statistics projection reads three topics in its own consumer group, with its own DLQs. */
    public static final String ASSIGNMENTS_DLQ_RESOLUTION_STATS = ASSIGNMENTS + DLQ_INFIX + "resolution-stats";
    public static final String TICKET_EVENTS_DLQ_RESOLUTION_STATS = TICKET_EVENTS + DLQ_INFIX + "resolution-stats";
    public static final String FEEDBACK_DLQ_RESOLUTION_STATS = FEEDBACK + DLQ_INFIX + "resolution-stats";

    private static final List<TopicSpec> ALL = List.of(
            main(REPORTS),
            main(ASSIGNMENTS),
            main(TICKET_EVENTS),
            main(RETURNS),
            main(FEEDBACK),
            new TopicSpec(CATEGORIES, MAIN_PARTITIONS, true),
            deadLetter(REPORTS_DLQ_ROUTING),
            deadLetter(RETURNS_DLQ_ROUTING),
            deadLetter(TICKET_EVENTS_DLQ_ROUTING),
            deadLetter(TICKET_EVENTS_DLQ_INTAKE),
            deadLetter(CATEGORIES_DLQ_INTAKE),
            deadLetter(ASSIGNMENTS_DLQ_RESOLUTION),
            deadLetter(ASSIGNMENTS_DLQ_INTAKE),
            deadLetter(FEEDBACK_DLQ_RESOLUTION),
            deadLetter(ASSIGNMENTS_DLQ_RESOLUTION_STATS),
            deadLetter(TICKET_EVENTS_DLQ_RESOLUTION_STATS),
            deadLetter(FEEDBACK_DLQ_RESOLUTION_STATS));

    private Topics() {
    }

    /**
     * The dead-letter topic of one consumer of a topic: {@code <topic>.dlq.<consumer>}.
     */
    public static String dlq(String topic, String consumer) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(consumer, "consumer");
        return topic + DLQ_INFIX + consumer;
    }

    /**
     * Every topic the system needs, main topics first, then the dead-letter topics.
     */
    public static List<TopicSpec> all() {
        return ALL;
    }

    private static TopicSpec main(String name) {
        return new TopicSpec(name, MAIN_PARTITIONS, false);
    }

    private static TopicSpec deadLetter(String name) {
        return new TopicSpec(name, DLQ_PARTITIONS, false);
    }
}
