package org.gridwatch.contracts;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.gridwatch.contracts.EventTypes.EventType;
import org.gridwatch.contracts.events.AssignmentEvent;
import org.gridwatch.contracts.events.Category;
import org.gridwatch.contracts.events.GridWatchEvent;
import org.gridwatch.contracts.events.ReportMerged;
import org.gridwatch.contracts.events.ReportSubmitted;
import org.gridwatch.contracts.events.TicketAssigned;
import org.gridwatch.contracts.events.TicketStatusChanged;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventContractsTest {

    /** Configured like the ObjectMapper Quarkus provides by default. */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static Stream<GridWatchEvent> events() {
        return Samples.all().stream();
    }

    static Stream<EventType> eventTypes() {
        return EventTypes.all().stream();
    }

    @ParameterizedTest
    @MethodSource("events")
    void serialisedEventMatchesItsSchemaAndReadsBackEqual(GridWatchEvent event) throws IOException {
        String json = MAPPER.writeValueAsString(event);

        assertEquals(Set.of(), EventSchemas.validate(event.getClass(), json), json);
        assertEquals(event, MAPPER.readValue(json, event.getClass()));
    }

    @ParameterizedTest
    @MethodSource("events")
    void headerValuesComeFromTheRegistry(GridWatchEvent event) {
        EventType type = EventTypes.of(event.getClass());

        assertAll(
                () -> assertEquals(type.ceType(), event.ceType()),
                () -> assertEquals(event.getClass(), EventTypes.forCeType(event.ceType()).orElseThrow()),
                () -> assertFalse(event.subject().isBlank()),
                () -> assertFalse(event.key().isBlank()),
                () -> assertTrue(event.ceType().matches("org\\.gridwatch\\.[a-z-]+\\.[a-z-]+\\.v1"), event.ceType()));
    }

    @Test
    void reportsAreKeyedByGeoCellAndEverythingElseBySubject() {
        ReportSubmitted report = Samples.reportSubmitted();
        assertEquals(report.geoCell(), report.key());
        assertEquals(report.reportId().toString(), report.subject());

        assertEquals(Samples.TICKET_ID, Samples.ticketAssigned().key());
        assertEquals(Samples.TICKET_ID, Samples.reportMerged().key());
        assertEquals(Samples.TICKET_ID, Samples.ticketResolved().key());
        assertEquals(Samples.TICKET_ID, Samples.ticketReturned().key());
        assertEquals(Samples.TICKET_ID, Samples.reporterFeedback().key());
        assertEquals("MANHOLE_COVER", Samples.category().key());
    }

    @Test
    void ceTypesAndTopicsAreRegisteredOncePerRecord() {
        List<EventType> all = EventTypes.all();
        Set<String> topicNames = Topics.all().stream().map(TopicSpec::name).collect(Collectors.toSet());

        assertEquals(all.size(), all.stream().map(EventType::ceType).distinct().count());
        assertEquals(all.size(), all.stream().map(EventType::recordClass).distinct().count());
        assertTrue(all.stream().allMatch(type -> topicNames.contains(type.topic())));
        assertTrue(EventTypes.forCeType("org.gridwatch.unknown.v1").isEmpty());
    }

    @ParameterizedTest
    @MethodSource("eventTypes")
    void schemaDescribesExactlyTheRecordsFields(EventType type) throws IOException {
        JsonNode schema = schemaOf(type.recordClass());
        Set<String> expected = Arrays.stream(type.recordClass().getRecordComponents())
                .map(RecordComponent::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        if (AssignmentEvent.class.isAssignableFrom(type.recordClass())) {
            expected.add(AssignmentEvent.TYPE_PROPERTY);
        }
        Set<String> properties = new TreeSet<>();
        schema.get("properties").fieldNames().forEachRemaining(properties::add);
        Set<String> required = new HashSet<>();
        schema.get("required").forEach(name -> required.add(name.asText()));

        assertEquals("https://json-schema.org/draft/2020-12/schema", schema.get("$schema").asText());
        assertEquals(expected, properties);
        assertTrue(properties.containsAll(required), "required names unknown properties: " + required);
        assertTrue(schema.get("additionalProperties").asBoolean());
    }

    @Test
    void reportWithoutReportIdIsRejectedNamingTheField() throws IOException {
        ObjectNode json = toTree(Samples.reportSubmitted());
        json.remove("reportId");

        assertRejectedNaming(ReportSubmitted.class, json, "reportId");
    }

    @Test
    void reportWithLatitudeOutOfRangeIsRejectedNamingTheField() throws IOException {
        ObjectNode json = toTree(Samples.reportSubmitted());
        ((ObjectNode) json.get("location")).put("lat", 91.0);

        assertRejectedNaming(ReportSubmitted.class, json, "lat");
    }

    @Test
    void reportWithMalformedIdAndTimestampIsRejectedNamingTheFields() throws IOException {
        ObjectNode json = toTree(Samples.reportSubmitted());
        json.put("eventId", "not-a-uuid");
        json.put("submittedAt", "2026-05-12 09:30");

        assertRejectedNaming(ReportSubmitted.class, json, "eventId");
        assertRejectedNaming(ReportSubmitted.class, json, "submittedAt");
    }

    @Test
    void statusChangeWithUnknownStatusIsRejectedNamingTheField() throws IOException {
        ObjectNode json = toTree(Samples.ticketResolved());
        json.put("to", "ESCALATED");

        assertRejectedNaming(TicketStatusChanged.class, json, "to");
    }

    @Test
    void statusChangeNamingMoreReportIdsThanAnEventCarriesIsRejected() throws IOException {
        ObjectNode json = toTree(Samples.ticketAcceptedWithManyReports());
        json.withArray("reportIds").add(UUID.randomUUID().toString());

        assertRejectedNaming(TicketStatusChanged.class, json, "reportIds");
        assertTrue(Samples.ticketAcceptedWithManyReports().reportIdsTruncated(), "2,400 reports, 100 named");
        assertFalse(Samples.ticketResolved().reportIdsTruncated(), "every report named");
    }

    @Test
    void assignmentEventWithTheWrongTypeIsRejected() throws IOException {
        ObjectNode json = toTree(Samples.reportMerged());
        json.put(AssignmentEvent.TYPE_PROPERTY, "TicketAssigned");

        assertRejectedNaming(ReportMerged.class, json, AssignmentEvent.TYPE_PROPERTY);
    }

    @Test
    void assertValidThrowsWithTheMessagesAndInvalidJsonIsAMessage() {
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> EventSchemas.assertValid(ReportSubmitted.class, "{}"));

        assertTrue(thrown.getMessage().contains("reportId"), thrown.getMessage());
        assertFalse(EventSchemas.validate(ReportSubmitted.class, "{\"reportId\":").isEmpty());
    }

    @Test
    void assignmentEventsDeserialisePolymorphically() throws IOException {
        TicketAssigned assigned = Samples.ticketAssigned();
        ReportMerged merged = Samples.reportMerged();
        String assignedJson = MAPPER.writeValueAsString(assigned);
        String mergedJson = MAPPER.writeValueAsString(merged);

        assertEquals("TicketAssigned", MAPPER.readTree(assignedJson).get(AssignmentEvent.TYPE_PROPERTY).asText());
        assertEquals("ReportMerged", MAPPER.readTree(mergedJson).get(AssignmentEvent.TYPE_PROPERTY).asText());

        AssignmentEvent first = MAPPER.readValue(assignedJson, AssignmentEvent.class);
        AssignmentEvent second = MAPPER.readValue(mergedJson, AssignmentEvent.class);
        assertEquals(assigned, assertInstanceOf(TicketAssigned.class, first));
        assertEquals(merged, assertInstanceOf(ReportMerged.class, second));
        assertEquals(Samples.TICKET_ID, second.ticketId());
    }

    @Test
    void optionalFieldAddedByANewerProducerIsAcceptedAndIgnored() throws IOException {
        ReportSubmitted report = Samples.reportSubmitted();
        ObjectNode json = toTree(report);
        json.put("appVersion", "7.3.1");
        String text = MAPPER.writeValueAsString(json);

        assertEquals(Set.of(), EventSchemas.validate(ReportSubmitted.class, text));
        assertEquals(report, MAPPER.readValue(text, ReportSubmitted.class));
    }

    @Test
    void assignmentEventsOfAnOlderRoutingWithoutNamesStayValidAndReadWithoutNames() throws IOException {
        ObjectNode assigned = toTree(Samples.ticketAssigned());
        assigned.remove(List.of("departmentName", "areaNames"));
        ObjectNode merged = toTree(Samples.reportMerged());
        merged.remove(List.of("departmentId", "departmentName", "areaPath", "areaNames"));
        String assignedJson = MAPPER.writeValueAsString(assigned);
        String mergedJson = MAPPER.writeValueAsString(merged);

        assertEquals(Set.of(), EventSchemas.validate(TicketAssigned.class, assignedJson));
        assertEquals(Set.of(), EventSchemas.validate(ReportMerged.class, mergedJson));
        TicketAssigned oldAssigned = assertInstanceOf(TicketAssigned.class, MAPPER.readValue(assignedJson, AssignmentEvent.class));
        ReportMerged oldMerged = assertInstanceOf(ReportMerged.class, MAPPER.readValue(mergedJson, AssignmentEvent.class));
        assertEquals(null, oldAssigned.departmentName());
        assertEquals(List.of(), oldAssigned.areaNames());
        assertEquals(Samples.AREA_PATH, oldAssigned.areaPath());
        assertEquals(null, oldMerged.departmentId());
        assertEquals(List.of(), oldMerged.areaPath());
        assertEquals(List.of(), oldMerged.areaNames());
    }

    @Test
    void areaNamesKeepTheirOrderAndUnknownNamesAsNull() throws IOException {
        TicketAssigned assigned = Samples.ticketAssigned();
        JsonNode json = MAPPER.readTree(MAPPER.writeValueAsString(assigned));

        assertEquals("Longhua District Urban Management", json.get("departmentName").asText());
        assertEquals(assigned.areaPath().size(), json.get("areaNames").size());
        assertEquals("龙华区", json.get("areaNames").get(1).asText());
        assertTrue(json.get("areaNames").get(4).isNull());
    }

    @Test
    void timestampsAreWrittenWithTheirOffsetAndReadBackAsTheSameInstant() throws IOException {
        OffsetDateTime local = OffsetDateTime.of(2026, 5, 12, 9, 30, 0, 0, ZoneOffset.ofHours(8));
        ReportSubmitted report = withSubmittedAt(Samples.reportSubmitted(), local);

        String json = MAPPER.writeValueAsString(report);
        ReportSubmitted read = MAPPER.readValue(json, ReportSubmitted.class);

        assertEquals("2026-05-12T09:30:00+08:00", MAPPER.readTree(json).get("submittedAt").asText());
        assertTrue(local.isEqual(read.submittedAt()));
    }

    @Test
    void categoryEventIdIsDerivedFromCodeAndUpdatedAt() {
        Category category = Samples.category();
        Category sameStateOtherOffset = new Category(category.code(), category.nameZh(), category.nameEn(),
                category.priority(), category.dedupRadiusM(), category.dedupWindowHours(), category.open311Group(),
                category.keywords(), category.active(), category.updatedAt().withOffsetSameInstant(ZoneOffset.ofHours(8)));
        Category updated = new Category(category.code(), category.nameZh(), category.nameEn(), Priority.P0,
                category.dedupRadiusM(), category.dedupWindowHours(), category.open311Group(), category.keywords(),
                category.active(), category.updatedAt().plusMinutes(1));

        assertEquals(category.eventId(), Samples.category().eventId());
        assertEquals(category.eventId(), sameStateOtherOffset.eventId());
        assertNotEquals(category.eventId(), updated.eventId());
    }

    @Test
    void collectionFieldsAreNeverNullAndCannotBeModified() {
        List<String> mediaUrls = new ArrayList<>(List.of("https://media.gridwatch.example/a.jpg"));
        ReportSubmitted report = Samples.open311ReportWithoutOptionalFields();
        ReportSubmitted withMedia = new ReportSubmitted(report.eventId(), report.reportId(), report.reporterId(),
                report.channel(), report.category(), report.description(), report.location(), report.address(),
                report.observedAt(), report.submittedAt(), mediaUrls, report.attributes(), report.geoCell());
        mediaUrls.clear();

        assertEquals(List.of(), report.mediaUrls());
        assertTrue(report.attributes().isEmpty());
        assertEquals(1, withMedia.mediaUrls().size());
        assertThrows(UnsupportedOperationException.class, () -> withMedia.mediaUrls().add("x"));
        assertThrows(UnsupportedOperationException.class, () -> report.attributes().put("k", "v"));
        assertEquals(List.of(), Samples.retiredCategoryWithoutOpen311Group().keywords());
    }

    private static void assertRejectedNaming(Class<? extends GridWatchEvent> type, JsonNode json, String field)
            throws JsonProcessingException {
        Set<String> messages = EventSchemas.validate(type, MAPPER.writeValueAsString(json));

        assertFalse(messages.isEmpty(), "expected " + type.getSimpleName() + " to be rejected");
        assertTrue(messages.stream().anyMatch(message -> message.contains("." + field + ":")
                        || message.contains("'" + field + "'")),
                "no message names " + field + ": " + messages);
    }

    private static ObjectNode toTree(GridWatchEvent event) throws JsonProcessingException {
        return (ObjectNode) MAPPER.readTree(MAPPER.writeValueAsString(event));
    }

    private static JsonNode schemaOf(Class<? extends GridWatchEvent> type) throws IOException {
        try (InputStream in = EventContractsTest.class.getResourceAsStream(EventSchemas.schemaResource(type))) {
            assertNotNull(in, "no schema for " + type.getSimpleName());
            return MAPPER.readTree(in);
        }
    }

    private static ReportSubmitted withSubmittedAt(ReportSubmitted r, OffsetDateTime submittedAt) {
        return new ReportSubmitted(r.eventId(), r.reportId(), r.reporterId(), r.channel(), r.category(),
                r.description(), r.location(), r.address(), r.observedAt(), submittedAt, r.mediaUrls(),
                r.attributes(), r.geoCell());
    }
}
