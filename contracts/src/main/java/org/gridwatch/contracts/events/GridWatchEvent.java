package org.gridwatch.contracts.events;

import java.util.UUID;

/**
 * A message GridWatch puts on Kafka, with the values of its CloudEvents headers.
 */
public interface GridWatchEvent {

    /** Unique id of this event, sent as {@code ce_id}; consumers use it to detect redelivery. */
    UUID eventId();

    /** Stable CloudEvents type, sent as {@code ce_type}. */
    String ceType();

    /** The entity the event is about, sent as {@code ce_subject} and, unless {@link #key()} says otherwise, the Kafka key. */
    String subject();

    /** The Kafka record key. */
    default String key() {
        return subject();
    }
}
