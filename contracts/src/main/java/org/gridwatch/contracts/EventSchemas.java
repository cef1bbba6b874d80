package org.gridwatch.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.gridwatch.contracts.events.GridWatchEvent;

/**
 * Checks event JSON against the JSON Schema (draft 2020-12) of its record, with {@code format} asserted.
 */
public final class EventSchemas {

    private static final String SCHEMA_FOLDER = "/org/gridwatch/contracts/schemas/";

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .locale(Locale.ENGLISH)
            .pathType(PathType.JSON_PATH)
            .build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Class<? extends GridWatchEvent>, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private EventSchemas() {
    }

    /**
     * Validation messages for {@code json} as a value of {@code type}, each naming the offending location;
     * empty when the JSON is valid.
     */
    public static Set<String> validate(Class<? extends GridWatchEvent> type, String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return Set.of("$: not valid JSON: " + e.getOriginalMessage());
        }
        Set<String> messages = new TreeSet<>();
        for (ValidationMessage message : schemaOf(type).validate(node)) {
            messages.add(message.getMessage());
        }
        return messages;
    }

    /**
     * Throws {@link IllegalArgumentException} listing the validation messages unless {@code json} is valid.
     */
    public static void assertValid(Class<? extends GridWatchEvent> type, String json) {
        Set<String> messages = validate(type, json);
        if (!messages.isEmpty()) {
            throw new IllegalArgumentException(
                    type.getSimpleName() + " does not match its schema: " + String.join("; ", messages));
        }
    }

    /** Classpath resource name of the schema of an event record. */
    public static String schemaResource(Class<? extends GridWatchEvent> type) {
        return SCHEMA_FOLDER + type.getSimpleName() + ".schema.json";
    }

    private static JsonSchema schemaOf(Class<? extends GridWatchEvent> type) {
        Class<? extends GridWatchEvent> recordClass = EventTypes.of(type).recordClass();
        return SCHEMAS.computeIfAbsent(recordClass, EventSchemas::load);
    }

    private static JsonSchema load(Class<? extends GridWatchEvent> type) {
        String resource = schemaResource(type);
        try (InputStream in = EventSchemas.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing schema resource " + resource);
            }
            return FACTORY.getSchema(in, CONFIG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
