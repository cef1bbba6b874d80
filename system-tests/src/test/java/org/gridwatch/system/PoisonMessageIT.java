package org.gridwatch.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.gridwatch.contracts.CloudEventHeaders;
import org.gridwatch.contracts.TopicSpec;
import org.gridwatch.contracts.Topics;
import org.gridwatch.contracts.events.Category;
import org.gridwatch.contracts.events.ReportSubmitted;
import org.gridwatch.contracts.events.ReporterFeedback;
import org.gridwatch.contracts.events.TicketAssigned;
import org.gridwatch.contracts.events.TicketReturned;
import org.gridwatch.contracts.events.TicketStatusChanged;
import org.gridwatch.infra.DevJwt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

import io.restassured.response.Response;

/**
 * Poison messages on every input topic (DESIGN.md section 5): a record that is not JSON and one that is JSON
 * but breaks its event's schema, each under CloudEvents headers, land unchanged on the dead-letter topic of
 * every consumer of that topic, with SmallRye's reason and origin headers; then the next valid record on the
 * same partition takes effect, as the public APIs show. One ticket carries the follow-on records: a
 * food-safety report in Quanshan that its district's market regulator returns to the city's, which accepts,
 * resolves it and hears the rider confirm the fix.
 */
@ExtendWith(SystemStack.class)
class PoisonMessageIT {

    /**
     * Grid YL-QS-03-01-G08 of Quanshan District, about 400 m from the grid's interior point. No other scenario
     * (nor the demo traffic) reports food safety, so nothing merges into this ticket and the simulations below
     * can only see this one.
     */
    private static final double LAT = 34.1640;
    private static final double LON = 117.1580;
    private static final String GRID = "YL-QS-03-01-G08";
    private static final List<String> AREA_PATH = List.of("YL", "YL-QS", "YL-QS-03", "YL-QS-03-01", GRID);
    private static final String CATEGORY = "FOOD_SAFETY";
    /** Rule R-0048 (food safety in Quanshan), then, after a return, R-0009 (food safety at city level). */
    private static final String DISTRICT_MARKET = "D-MARKET-QS";
    private static final String CITY_MARKET = "D-MARKET-YL";
    private static final String CITY_MARKET_NAME = "云龙市市场监督管理局 (Yunlong Market Regulation Administration)";
    /** Intake's Kafka key of a report: the geohash of its location with this many characters. */
    private static final int GEO_CELL_PRECISION = 6;
    private static final String POISON_EXCEPTION = "org.gridwatch.common.messaging.PoisonMessageException";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(300);

    /** Each input topic with the consumers that read it (each with its own DLQ), and the type its consumers read. */
    private static final Map<String, List<String>> CONSUMERS = new LinkedHashMap<>();
    private static final Map<String, String> READ_AS = new LinkedHashMap<>();
    private static final Map<String, String> CE_TYPES = new LinkedHashMap<>();

    static {
        input(Topics.REPORTS, "ReportSubmitted", ReportSubmitted.CE_TYPE, "routing");
        input(Topics.RETURNS, "TicketReturned", TicketReturned.CE_TYPE, "routing");
        input(Topics.TICKET_EVENTS, "TicketStatusChanged", TicketStatusChanged.CE_TYPE, "routing", "intake", "resolution-stats");
        input(Topics.CATEGORIES, "Category", Category.CE_TYPE, "intake");
        input(Topics.ASSIGNMENTS, "AssignmentEvent", TicketAssigned.CE_TYPE, "resolution", "intake", "resolution-stats");
        input(Topics.FEEDBACK, "ReporterFeedback", ReporterFeedback.CE_TYPE, "resolution", "resolution-stats");
    }

    private static SystemStack.Services gridwatch;

    /** A poison record as sent, and what its dead-letter copies must say. */
    private record Poison(String topic, String kind, String marker, String key, byte[] value, String reason,
                          RecordMetadata sent) {
    }

    @BeforeAll
    static void connect(SystemStack.Services services) {
        gridwatch = services;
    }

    @Test
    void poisonOnEveryInputTopicGoesToEachConsumersDeadLetterTopicAndTheConsumerGoesOn() throws Exception {
        // The consumers above are every dead-letter topic the contract declares, no more, no fewer.
        Set<String> declared = Topics.all().stream().map(TopicSpec::name).filter(n -> n.contains(".dlq."))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> covered = CONSUMERS.entrySet().stream().flatMap(e -> e.getValue().stream().map(c -> Topics.dlq(e.getKey(), c)))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(declared, covered, "dead-letter topics of the contract");

        long before = Filed.settledCityReports(gridwatch);
        String run = UUID.randomUUID().toString().substring(0, 8);
        UUID reportId = UUID.randomUUID();
        String ticketId = "T-" + reportId;
        String rider = "poison-rider:" + run;
        String riderToken = DevJwt.forRole("reporter").subject(rider).sign();
        String admin = DevJwt.forRole("admin").sign();
        String districtStaff = DevJwt.forRole("staff").dept(DISTRICT_MARKET).subject("inspector-quanshan").sign();
        String cityStaff = DevJwt.forRole("staff").dept(CITY_MARKET).subject("inspector-city").sign();
        String supervisor = DevJwt.forRole("supervisor").subject("sup:quanshan").area("YL-QS").sign();
        String geoCell = geoCell(LAT, LON, GEO_CELL_PRECISION);

        // 1. Two poison records on each input topic, on the partition the follow-on records will take: the
        //    report's geo cell, the ticket's id; on the compacted catalogue a key of their own (a category code
        //    would be compacted away), sent to the partition of the category changed below.
        List<Poison> poisons = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            int categoryPartition = Utils.toPositive(Utils.murmur2(CATEGORY.getBytes(StandardCharsets.UTF_8)))
                    % producer.partitionsFor(Topics.CATEGORIES).size();
            for (String topic : CONSUMERS.keySet()) {
                boolean catalogue = topic.equals(Topics.CATEGORIES);
                for (String kind : List.of("unparseable", "schema-invalid")) {
                    String marker = UUID.randomUUID().toString();
                    String key = switch (topic) {
                        case Topics.REPORTS -> geoCell;
                        case Topics.CATEGORIES -> "POISON_" + marker.replace("-", "").toUpperCase();
                        default -> ticketId;
                    };
                    String value = kind.equals("unparseable")
                            ? "poison " + marker + " 不是 JSON {\"ticketId\": "
                            : schemaInvalid(topic, marker, key, ticketId, reportId, rider);
                    String reason = kind.equals("unparseable")
                            ? "Not a " + READ_AS.get(topic) + ": "
                            : schemaInvalidClass(topic) + " violates its schema: ";
                    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
                    ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, catalogue ? categoryPartition : null, key, bytes,
                            ceHeaders(marker, CE_TYPES.get(topic), catalogue ? key : ticketId));
                    RecordMetadata sent = producer.send(record).get(10, TimeUnit.SECONDS);
                    poisons.add(new Poison(topic, kind, marker, key, bytes, reason, sent));
                }
            }
        }

        // 2. Each one on the dead-letter topic of every consumer of its topic, once, unchanged, with its origin
        //    and the reason it could not be read.
        long t0 = System.nanoTime();
        Map<String, List<ConsumerRecord<String, byte[]>>> dead = awaitDeadLetters(poisons);
        long dlqMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        List<Executable> checks = new ArrayList<>();
        for (Poison p : poisons) {
            for (String consumer : CONSUMERS.get(p.topic())) {
                String dlq = Topics.dlq(p.topic(), consumer);
                List<ConsumerRecord<String, byte[]>> copies = dead.get(dlq + " " + p.marker());
                String what = p.kind() + " record " + p.marker() + " of " + p.topic() + " in " + dlq;
                checks.add(() -> {
                    assertEquals(1, copies.size(), what + ": copies");
                    ConsumerRecord<String, byte[]> r = copies.get(0);
                    assertEquals(p.key(), r.key(), what + ": key");
                    assertArrayEquals(p.value(), r.value(), what + ": value");
                    assertEquals(p.topic(), header(r, "dead-letter-topic"), what + ": dead-letter-topic");
                    assertEquals(String.valueOf(p.sent().partition()), header(r, "dead-letter-partition"), what + ": partition");
                    assertEquals(String.valueOf(p.sent().offset()), header(r, "dead-letter-offset"), what + ": offset");
                    assertEquals(POISON_EXCEPTION, header(r, "dead-letter-exception-class-name"), what + ": exception");
                    String reason = header(r, "dead-letter-reason");
                    assertNotNull(reason, what + ": dead-letter-reason");
                    assertTrue(reason.startsWith(p.reason()), what + ": reason '" + reason + "'");
                    assertEquals(CE_TYPES.get(p.topic()), header(r, CloudEventHeaders.TYPE), what + ": ce_type kept");
                });
            }
        }
        assertAll("dead-letter records", checks);
        int deadLetters = dead.values().stream().mapToInt(List::size).sum();

        // 3. The consumers go on. Catalogue (intake): the next state of a category reaches intake's catalogue.
        Map<String, Object> original = given().baseUri(gridwatch.routing()).auth().oauth2(admin)
                .get("/api/v1/categories/{code}", CATEGORY).then().statusCode(200).extract().jsonPath().getMap("$");
        @SuppressWarnings("unchecked")
        List<String> keywords = (List<String>) original.get("keywords");
        String probe = "poison-check-" + run;
        List<String> probed = new ArrayList<>(keywords);
        probed.add(probe);
        putCategory(admin, original, probed);
        await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> intakeCategory(riderToken).then()
                .body("find { it.code == '" + CATEGORY + "' }.keywords", hasItem(probe)));
        putCategory(admin, original, keywords);
        await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> intakeCategory(riderToken).then()
                .body("find { it.code == '" + CATEGORY + "' }.keywords", equalTo(keywords)));

        // Reports (routing), then assignments (resolution, intake's rider view, the statistics).
        given().baseUri(gridwatch.intake()).auth().oauth2(riderToken).contentType("application/json")
                .body("""
                        {"reportId":"%s","category":"%s","description":"Raw meat sold off an unrefrigerated cart",
                         "location":{"lat":%s,"lon":%s}}""".formatted(reportId, CATEGORY, LAT, LON))
                .post("/api/v1/reports").then().statusCode(202);
        await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> given().baseUri(gridwatch.routing()).auth().oauth2(admin)
                .get("/api/v1/routing/decisions/{id}", reportId).then().statusCode(200));
        given().baseUri(gridwatch.routing()).auth().oauth2(admin).get("/api/v1/routing/decisions/{id}", reportId).then()
                .statusCode(200)
                .body("outcome", equalTo("NEW_TICKET"))
                .body("ticketId", equalTo(ticketId))
                .body("departmentId", equalTo(DISTRICT_MARKET))
                .body("ruleId", equalTo("R-0048"))
                .body("gridCode", equalTo(GRID))
                .body("areaPath", equalTo(AREA_PATH));
        await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> given().baseUri(gridwatch.resolution()).auth()
                .oauth2(districtStaff).get("/api/v1/tickets/{id}", ticketId).then().statusCode(200));
        Response assigned = given().baseUri(gridwatch.resolution()).auth().oauth2(districtStaff).get("/api/v1/tickets/{id}", ticketId);
        assigned.then().statusCode(200).header("ETag", "\"1\"")
                .body("status", equalTo("ASSIGNED"))
                .body("departmentId", equalTo(DISTRICT_MARKET))
                .body("reports.reportId", contains(reportId.toString()));
        OffsetDateTime assignedAt = OffsetDateTime.parse(assigned.path("assignedAt"));
        await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> riderView(riderToken, reportId).then()
                .body("ticketId", equalTo(ticketId))
                .body("departmentId", equalTo(DISTRICT_MARKET)));
        await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> stats(supervisor, assignedAt).then()
                .body("rows", hasSize(1))
                .body("rows[0].key", equalTo(DISTRICT_MARKET))
                .body("rows[0].received", equalTo(1)));
        // Routing holds the ticket open: another food-safety report here would merge into it.
        simulate(admin).then().body("outcome", equalTo("MERGED")).body("ticketId", equalTo(ticketId));

        // Returns (routing): the district's market regulator returns the ticket; routing passes it to the city's.
        given().baseUri(gridwatch.resolution()).auth().oauth2(districtStaff).header("If-Match", "\"1\"")
                .contentType("application/json").body("{\"note\":\"Licensed street vendors are the city administration's\"}")
                .post("/api/v1/tickets/{id}/return", ticketId).then().statusCode(200).body("status", equalTo("RETURNED"));
        await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> given().baseUri(gridwatch.resolution()).auth()
                .oauth2(cityStaff).get("/api/v1/tickets/{id}", ticketId).then().statusCode(200)
                .header("ETag", "\"3\"")
                .body("status", equalTo("ASSIGNED"))
                .body("departmentId", equalTo(CITY_MARKET))
                .body("history.to", contains("ASSIGNED", "RETURNED", "ASSIGNED")));
        await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> riderView(riderToken, reportId).then()
                .body("departmentId", equalTo(CITY_MARKET))
                .body("departmentName", equalTo(CITY_MARKET_NAME)));
        await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> stats(supervisor, assignedAt).then()
                .body("rows", hasSize(1))
                .body("rows[0].key", equalTo(CITY_MARKET))
                .body("rows[0].received", equalTo(1))
                .body("rows[0].reports", equalTo(1)));

        // Ticket events (intake's rider view, routing's open tickets, the statistics): accept, start, resolve.
        act(cityStaff, ticketId, "accept", 3, "{\"note\":\"Inspector on the way\"}").then().body("status", equalTo("ACCEPTED"));
        await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> riderView(riderToken, reportId).then()
                .body("status", equalTo("ACCEPTED")));
        act(cityStaff, ticketId, "start", 4, "{}").then().body("status", equalTo("IN_PROGRESS"));
        act(cityStaff, ticketId, "resolve", 5, "{\"note\":\"Cart seized, vendor fined\"}").then().body("status", equalTo("RESOLVED"));
        await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> riderView(riderToken, reportId).then()
                .body("status", equalTo("RESOLVED")));
        await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> simulate(admin).then()
                .body("outcome", equalTo("NEW_TICKET"))
                .body("departmentId", equalTo(DISTRICT_MARKET)));
        await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> stats(supervisor, assignedAt).then()
                .body("rows", hasSize(1))
                .body("rows[0].resolved", equalTo(1))
                .body("rows[0].open", equalTo(0)));

        // Feedback (resolution closes the ticket, the statistics count the confirmation).
        given().baseUri(gridwatch.intake()).auth().oauth2(riderToken).contentType("application/json")
                .body("{\"fixed\":true,\"comment\":\"The cart is gone\"}")
                .post("/api/v1/reports/{id}/feedback", reportId).then().statusCode(202);
        await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> given().baseUri(gridwatch.resolution()).auth()
                .oauth2(cityStaff).get("/api/v1/tickets/{id}", ticketId).then().statusCode(200)
                .header("ETag", "\"7\"")
                .body("status", equalTo("CLOSED"))
                .body("history.to", contains("ASSIGNED", "RETURNED", "ASSIGNED", "ACCEPTED", "IN_PROGRESS", "RESOLVED", "CLOSED")));
        await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> stats(supervisor, assignedAt).then()
                .body("rows", hasSize(1))
                .body("rows[0].key", equalTo(CITY_MARKET))
                .body("rows[0].received", equalTo(1))
                .body("rows[0].confirmed", equalTo(1))
                .body("rows[0].disputed", equalTo(0)));
        riderView(riderToken, reportId).then().body("status", equalTo("CLOSED"))
                .body("history.status", not(hasItem("REOPENED")));

        // The follow-on records did take the poison's partitions, after the poison.
        Map<String, Predicate<ConsumerRecord<String, byte[]>>> followOn = Map.of(
                Topics.REPORTS, r -> reportId.toString().equals(header(r, CloudEventHeaders.SUBJECT)),
                Topics.CATEGORIES, r -> CATEGORY.equals(r.key()));
        for (String topic : CONSUMERS.keySet()) {
            Poison last = poisons.stream().filter(p -> p.topic().equals(topic)).reduce((a, b) -> b).orElseThrow();
            ConsumerRecord<String, byte[]> next = awaitLater(last.sent(),
                    followOn.getOrDefault(topic, r -> ticketId.equals(r.key())));
            String expectedKey = switch (topic) {
                case Topics.REPORTS -> geoCell;
                case Topics.CATEGORIES -> CATEGORY;
                default -> ticketId;
            };
            assertEquals(expectedKey, next.key(), "key of the follow-on record after the poison on " + topic);
        }

        Filed.awaitCounted(gridwatch, before, riderToken);
        System.out.printf("PoisonMessageIT: %d poison records on %d topics -> %d DLQ records in %d DLQs (all there after %d ms); "
                        + "consumers went on: routing (reports, returns, ticket-events), intake (categories, assignments, "
                        + "ticket-events), resolution (assignments, feedback), resolution-stats (assignments, ticket-events, feedback)%n",
                poisons.size(), CONSUMERS.size(), deadLetters, covered.size(), dlqMillis);
    }

    private static void input(String topic, String readAs, String ceType, String... consumers) {
        CONSUMERS.put(topic, List.of(consumers));
        READ_AS.put(topic, readAs);
        CE_TYPES.put(topic, ceType);
    }

    /** Valid JSON that misses required fields of the topic's event (every primitive present, so it parses). */
    private static String schemaInvalid(String topic, String marker, String key, String ticketId, UUID reportId, String rider) {
        Map<String, Object> body = new LinkedHashMap<>();
        switch (topic) {
            case Topics.REPORTS -> {
                body.put("eventId", marker);
                body.put("reportId", UUID.randomUUID().toString());
                body.put("category", CATEGORY);
                body.put("description", "poison: no reporter, channel, location, time or geo cell");
            }
            case Topics.ASSIGNMENTS -> {
                body.put("type", "TicketAssigned");
                body.put("eventId", marker);
                body.put("ticketId", ticketId);
                body.put("priority", "P1");
                body.put("unlocated", false);
                body.put("ruleSetVersion", 1);
                body.put("hop", 0);
            }
            case Topics.TICKET_EVENTS -> {
                body.put("eventId", marker);
                body.put("ticketId", ticketId);
                body.put("to", "CLOSED");
                body.put("version", 99);
            }
            case Topics.RETURNS -> {
                body.put("eventId", marker);
                body.put("ticketId", ticketId);
                body.put("reason", "poison: no report, department, location or time");
                body.put("returnCount", 1);
            }
            case Topics.FEEDBACK -> {
                // Without "fixed": it must not read as false, a dispute.
                body.put("eventId", marker);
                body.put("ticketId", ticketId);
                body.put("reportId", reportId.toString());
                body.put("reporterId", rider);
                body.put("comment", "poison: no verdict");
                body.put("at", OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
            }
            case Topics.CATEGORIES -> {
                body.put("code", key);
                body.put("priority", "P3");
                body.put("dedupRadiusM", 0);
                body.put("dedupWindowHours", 0);
                body.put("keywords", List.of("poison"));
                body.put("active", false);
            }
            default -> throw new IllegalArgumentException(topic);
        }
        return Filed.json(body);
    }

    private static String schemaInvalidClass(String topic) {
        return topic.equals(Topics.ASSIGNMENTS) ? "TicketAssigned" : READ_AS.get(topic);
    }

    private static RecordHeaders ceHeaders(String id, String type, String subject) {
        RecordHeaders headers = new RecordHeaders();
        Map<String, String> values = new LinkedHashMap<>();
        values.put(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE);
        values.put(CloudEventHeaders.ID, id);
        values.put(CloudEventHeaders.TYPE, type);
        values.put(CloudEventHeaders.SOURCE, "/gridwatch/system-tests");
        values.put(CloudEventHeaders.TIME, OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        values.put(CloudEventHeaders.SUBJECT, subject);
        values.put(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.CONTENT_TYPE_JSON);
        values.forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        return headers;
    }

    /** Reads every DLQ from the beginning until each poison record is on each of its consumers' DLQs; by "dlq marker". */
    private static Map<String, List<ConsumerRecord<String, byte[]>>> awaitDeadLetters(List<Poison> poisons) {
        Set<String> markers = poisons.stream().map(Poison::marker).collect(Collectors.toSet());
        Set<String> expected = new TreeSet<>();
        for (Poison p : poisons) {
            CONSUMERS.get(p.topic()).forEach(c -> expected.add(Topics.dlq(p.topic(), c) + " " + p.marker()));
        }
        Map<String, List<ConsumerRecord<String, byte[]>>> found = new LinkedHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            CONSUMERS.forEach((topic, consumers) -> consumers.forEach(c -> partitions.add(new TopicPartition(Topics.dlq(topic, c), 0))));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(WAIT).pollInSameThread().pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    String id = header(r, CloudEventHeaders.ID);
                    if (markers.contains(id)) {
                        found.computeIfAbsent(r.topic() + " " + id, k -> new ArrayList<>()).add(r);
                    }
                }
                Set<String> missing = new TreeSet<>(expected);
                missing.removeAll(found.keySet());
                assertTrue(missing.isEmpty(), "not (yet) on their dead-letter topics: " + missing);
            });
            // Anything already written (a second copy) arrives with one more read to the end.
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                String id = header(r, CloudEventHeaders.ID);
                if (markers.contains(id)) {
                    found.computeIfAbsent(r.topic() + " " + id, k -> new ArrayList<>()).add(r);
                }
            }
        }
        return found;
    }

    /** The first record after {@code after} on its partition that {@code match}es. */
    private static ConsumerRecord<String, byte[]> awaitLater(RecordMetadata after, Predicate<ConsumerRecord<String, byte[]>> match) {
        TopicPartition partition = new TopicPartition(after.topic(), after.partition());
        List<ConsumerRecord<String, byte[]>> hit = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, after.offset() + 1);
            await().atMost(WAIT).pollInSameThread().pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (hit.isEmpty() && match.test(r)) {
                        hit.add(r);
                    }
                }
                assertEquals(1, hit.size(), "a valid record after offset " + after.offset() + " of " + partition);
            });
        }
        return hit.get(0);
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, gridwatch.kafka());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    /** A consumer without a group: it reads what it is assigned and commits nothing. */
    private static KafkaConsumer<String, byte[]> consumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, gridwatch.kafka());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(p);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** The geohash of a point, as intake keys reports (base 32, longitude first). */
    static String geoCell(double lat, double lon, int length) {
        String base32 = "0123456789bcdefghjkmnpqrstuvwxyz";
        double[] latRange = {-90, 90};
        double[] lonRange = {-180, 180};
        StringBuilder cell = new StringBuilder();
        boolean longitude = true;
        int bits = 0;
        int ch = 0;
        while (cell.length() < length) {
            double[] range = longitude ? lonRange : latRange;
            double value = longitude ? lon : lat;
            double mid = (range[0] + range[1]) / 2;
            if (value >= mid) {
                ch = (ch << 1) | 1;
                range[0] = mid;
            } else {
                ch <<= 1;
                range[1] = mid;
            }
            longitude = !longitude;
            if (++bits == 5) {
                cell.append(base32.charAt(ch));
                bits = 0;
                ch = 0;
            }
        }
        return cell.toString();
    }

    private static void putCategory(String admin, Map<String, Object> category, List<String> keywords) {
        Map<String, Object> body = new LinkedHashMap<>(category);
        body.remove("updatedAt");
        body.put("keywords", keywords);
        given().baseUri(gridwatch.routing()).auth().oauth2(admin).contentType("application/json").body(Filed.json(body))
                .put("/api/v1/categories/{code}", CATEGORY).then().statusCode(200).body("keywords", equalTo(keywords));
    }

    private static Response intakeCategory(String token) {
        Response r = given().baseUri(gridwatch.intake()).auth().oauth2(token).get("/api/v1/categories");
        r.then().statusCode(200);
        return r;
    }

    private static Response riderView(String token, UUID reportId) {
        Response r = given().baseUri(gridwatch.intake()).auth().oauth2(token).get("/api/v1/reports/{id}", reportId);
        r.then().statusCode(200);
        return r;
    }

    private static Response simulate(String admin) {
        Response r = given().baseUri(gridwatch.routing()).auth().oauth2(admin).contentType("application/json")
                .body("{\"category\":\"%s\",\"lat\":%s,\"lon\":%s}".formatted(CATEGORY, LAT, LON))
                .post("/api/v1/routing/simulate");
        r.then().statusCode(200);
        return r;
    }

    private static Response act(String token, String ticketId, String action, long version, String body) {
        Response r = given().baseUri(gridwatch.resolution()).auth().oauth2(token).header("If-Match", "\"" + version + "\"")
                .contentType("application/json").body(body)
                .post("/api/v1/tickets/{id}/{action}", ticketId, action);
        r.then().statusCode(200);
        return r;
    }

    /** The ticket's own statistics: its grid and category, the second it was first assigned in, by department. */
    private static Response stats(String supervisor, OffsetDateTime assignedAt) {
        Response r = given().baseUri(gridwatch.resolution()).auth().oauth2(supervisor)
                .queryParam("groupBy", "department")
                .queryParam("area", GRID)
                .queryParam("category", CATEGORY)
                .queryParam("from", assignedAt.minusSeconds(1).toString())
                .queryParam("to", assignedAt.plusSeconds(1).toString())
                .get("/api/v1/stats/resolution");
        r.then().statusCode(200);
        return r;
    }
}
