package org.gridwatch.common.messaging;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.gridwatch.contracts.EventSchemas;
import org.gridwatch.contracts.events.GridWatchEvent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Turns a record value into its event, checked against the contract's JSON Schema, so that a consumer
 * sees either a valid event or a {@link PoisonMessageException}.
 */
@ApplicationScoped
public class EventReader {

    private final ObjectMapper mapper;

    public EventReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** @param type the event record, or a sealed interface such as {@code AssignmentEvent} */
    public <T extends GridWatchEvent> T read(String json, Class<T> type) {
        if (json == null || json.isBlank()) {
            throw new PoisonMessageException("Empty record where a " + type.getSimpleName() + " was expected", null);
        }
        T event;
        try {
            event = mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new PoisonMessageException("Not a " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
        Set<String> violations = EventSchemas.validate(event.getClass(), json);
        if (!violations.isEmpty()) {
            throw new PoisonMessageException(event.getClass().getSimpleName() + " violates its schema: "
                    + String.join("; ", violations), null);
        }
        return event;
    }

    /** The event as JSON, for a record value. */
    public String write(GridWatchEvent event) {
        try {
            return mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot serialise " + event.getClass().getSimpleName(), e);
        }
    }
}
