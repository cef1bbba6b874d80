package org.gridwatch.system;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.gridwatch.contracts.CloudEventHeaders;
import org.gridwatch.contracts.TopicSpec;
import org.gridwatch.contracts.Topics;
import org.gridwatch.contracts.events.ReportMerged;
import org.gridwatch.contracts.events.TicketAssigned;
import org.gridwatch.contracts.events.TicketStatusChanged;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads GridWatch's event flow as it happens, from the beginning of the topics, in a thread of the test:
 * the reports intake published, routing's decisions (the first assignment of each report: a new ticket or a
 * merge; a ticket resolution opened for a merge that came too late, {@code splitFrom}, replaces that merge),
 * re-dispatches, resolution's status changes, and anything on a dead-letter topic. The fault scenarios compare it
 * with what clients were told. It
 * belongs to no consumer group and keeps reading through broker outages (the client reconnects by itself).
 */
final class FlowRecorder implements AutoCloseable {

    /** One routing decision as published: the event's id, the ticket, when this recorder saw it, and where it is. */
    record Decision(UUID eventId, String ticketId, String departmentId, boolean newTicket, long seenNanos, int partition,
                    long offset) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TOPICS = List.of(Topics.REPORTS, Topics.ASSIGNMENTS, Topics.TICKET_EVENTS);
    /** Every consumer's dead-letter topic: a fault must never send a good record there. */
    private static final List<String> DEAD_LETTER_TOPICS = Topics.all().stream().map(TopicSpec::name)
            .filter(name -> name.contains(".dlq.")).toList();

    /** ce_ids of the records of each report on the reports topic. */
    private final Map<UUID, Set<String>> reports = new ConcurrentHashMap<>();
    /** Routing's decisions on each report (hop 0 assignments and merges), redeliveries included. */
    private final Map<UUID, List<Decision>> decisions = new ConcurrentHashMap<>();
    /** Resolution's tickets for merges that reached a finished ticket, by report, redeliveries included. */
    private final Map<UUID, List<Decision>> splits = new ConcurrentHashMap<>();
    /** Re-dispatches of returned tickets (hop above 0) in the order seen, for staff to work on, each once. */
    private final Queue<Decision> handovers = new ConcurrentLinkedQueue<>();
    /** Each ticket's status-change versions in the order first seen (one per distinct event). */
    private final Map<String, Map<String, Long>> versions = new ConcurrentHashMap<>();
    /** The statuses each ticket's published status changes moved it to, one entry per distinct event. */
    private final Map<String, Map<String, String>> statusEvents = new ConcurrentHashMap<>();
    /** The department each ticket is with: that of its assignment with the highest hop (a return moves it on). */
    private final Map<String, Map.Entry<Integer, String>> holder = new ConcurrentHashMap<>();
    /** New tickets in the order seen, for staff to work on, each once. */
    private final Queue<Decision> newTickets = new ConcurrentLinkedQueue<>();
    private final Set<String> announced = ConcurrentHashMap.newKeySet();
    private final List<String> deadLettered = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread reader;
    private final String bootstrapServers;
    private volatile RuntimeException failure;

    FlowRecorder(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.reader = new Thread(this::read, "gridwatch-flow-recorder");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000))) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : java.util.stream.Stream.concat(TOPICS.stream(), DEAD_LETTER_TOPICS.stream()).toList()) {
                for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(60))) {
                    partitions.add(new TopicPartition(topic, p.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running.get()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    take(record);
                }
            }
        } catch (RuntimeException e) {
            if (running.get()) {
                failure = e;
            }
        }
    }

    private void take(ConsumerRecord<String, String> record) {
        if (DEAD_LETTER_TOPICS.contains(record.topic())) {
            deadLettered.add(record.topic() + "@" + record.offset() + ": " + header(record, "dead-letter-reason"));
            return;
        }
        String ceId = header(record, CloudEventHeaders.ID);
        String type = header(record, CloudEventHeaders.TYPE);
        JsonNode event;
        try {
            event = JSON.readTree(record.value());
        } catch (Exception notJson) {
            return; // not GridWatch's (a poison record of another scenario)
        }
        if (event == null || ceId == null || type == null) {
            return;
        }
        long now = System.nanoTime();
        switch (record.topic()) {
            case Topics.REPORTS -> uuid(event, "reportId").ifPresent(id ->
                    reports.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(ceId));
            case Topics.ASSIGNMENTS -> {
                boolean assigned = TicketAssigned.CE_TYPE.equals(type);
                if (!assigned && !ReportMerged.CE_TYPE.equals(type)) {
                    return;
                }
                Decision decision = new Decision(UUID.fromString(ceId), event.path("ticketId").asText(),
                        event.path("departmentId").asText(), assigned, now, record.partition(), record.offset());
                if (assigned) {
                    int hop = event.path("hop").asInt();
                    holder.merge(decision.ticketId(), Map.entry(hop, decision.departmentId()),
                            (was, is) -> is.getKey() > was.getKey() ? is : was);
                }
                if (assigned && event.path("hop").asInt() != 0) {
                    if (announced.add(decision.ticketId() + "#" + event.path("hop").asInt())) {
                        handovers.add(decision); // a re-dispatch after a return is no decision on a report
                    }
                    return;
                }
                boolean split = assigned && event.hasNonNull("splitFrom");
                uuid(event, "reportId").ifPresent(id -> (split ? splits : decisions)
                        .computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(decision));
                if (assigned && announced.add(decision.ticketId())) {
                    newTickets.add(decision);
                }
            }
            case Topics.TICKET_EVENTS -> {
                if (TicketStatusChanged.CE_TYPE.equals(type)) {
                    versions.computeIfAbsent(event.path("ticketId").asText(), k -> java.util.Collections.synchronizedMap(
                            new java.util.LinkedHashMap<>())).putIfAbsent(ceId, event.path("version").asLong());
                }
                if (TicketStatusChanged.CE_TYPE.equals(type) && !event.hasNonNull("escalation")) {
                    statusEvents.computeIfAbsent(event.path("ticketId").asText(), k -> new ConcurrentHashMap<>())
                            .put(ceId, event.path("to").asText());
                }
            }
            default -> {
            }
        }
    }

    private static java.util.Optional<UUID> uuid(JsonNode event, String field) {
        try {
            return java.util.Optional.of(UUID.fromString(event.path(field).asText()));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Distinct records (by event id) of the report on the reports topic; 0 when Kafka does not have it. */
    int reportRecords(UUID reportId) {
        Set<String> ids = reports.get(reportId);
        return ids == null ? 0 : ids.size();
    }

    /**
     * The decisions on the report as published, a redelivered record (same event id) counted each time: routing's,
     * or, when routing merged it into a ticket that was finished by the time the merge reached resolution,
     * resolution's ticket for it instead.
     */
    List<Decision> decisions(UUID reportId) {
        List<Decision> split = splits.get(reportId);
        return split != null ? split : decisions.getOrDefault(reportId, List.of());
    }

    /** How many of {@code reportIds} were merged too late and got a ticket of their own. */
    long splitCount(java.util.Collection<UUID> reportIds) {
        return reportIds.stream().filter(splits::containsKey).count();
    }

    /** The highest version of the ticket's status changes seen so far (escalations included), or -1. */
    long latestStatusVersion(String ticketId) {
        Map<String, Long> seen = versions.get(ticketId);
        if (seen == null) {
            return -1;
        }
        synchronized (seen) {
            return seen.values().stream().mapToLong(Long::longValue).max().orElse(-1);
        }
    }

    /** The department the ticket is with as far as the assignments seen say (after returns, the last one's), or null. */
    String departmentOf(String ticketId) {
        Map.Entry<Integer, String> held = holder.get(ticketId);
        return held == null ? null : held.getValue();
    }

    /** The next re-dispatched ticket (with its new department) not handed out before, or null. */
    Decision nextHandover() {
        return handovers.poll();
    }

    /**
     * Tickets among {@code ticketIds} whose status changes reached Kafka out of version order (the version of a
     * change first seen later is lower than one seen before it), with the versions as seen.
     */
    Map<String, List<Long>> outOfVersionOrder(java.util.Collection<String> ticketIds) {
        Map<String, List<Long>> wrong = new java.util.TreeMap<>();
        for (String ticketId : ticketIds) {
            Map<String, Long> seen = versions.get(ticketId);
            if (seen == null) {
                continue;
            }
            List<Long> order;
            synchronized (seen) {
                order = List.copyOf(seen.values());
            }
            for (int i = 1; i < order.size(); i++) {
                if (order.get(i) < order.get(i - 1)) {
                    wrong.put(ticketId, order);
                    break;
                }
            }
        }
        return wrong;
    }

    /** The statuses that published status changes of the ticket moved it to (one per distinct event). */
    List<String> statusesPublished(String ticketId) {
        return List.copyOf(statusEvents.getOrDefault(ticketId, Map.of()).values());
    }

    /** The next new ticket not handed out before (with its department), or null. */
    Decision nextNewTicket() {
        return newTickets.poll();
    }

    /** Records on any dead-letter topic (topic, offset and reason), in the order read. */
    List<String> deadLettered() {
        return List.copyOf(deadLettered);
    }

    /** Fails if the reader stopped on an error. */
    void check() {
        if (failure != null) {
            throw new IllegalStateException("The flow recorder stopped", failure);
        }
    }

    /**
     * The offsets {@code group} has committed on the assignments topic, by partition (a partition without a commit
     * is absent): an audit finding on a record below its group's commit was passed over, not just not reached yet.
     */
    Map<Integer, Long> committedAssignments(String group) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Map<Integer, Long> committed = new java.util.TreeMap<>();
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, java.util.concurrent.TimeUnit.SECONDS)
                    .forEach((tp, offset) -> {
                        if (tp.topic().equals(Topics.ASSIGNMENTS) && offset != null) {
                            committed.put(tp.partition(), offset.offset());
                        }
                    });
            return committed;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }

    @Override
    public void close() {
        running.set(false);
        try {
            reader.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
