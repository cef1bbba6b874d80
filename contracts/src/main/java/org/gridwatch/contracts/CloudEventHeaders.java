package org.gridwatch.contracts;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

import org.gridwatch.contracts.events.GridWatchEvent;

/**
 * Kafka header names and fixed values of the CloudEvents 1.0 Kafka protocol binding in binary mode.
 */
public final class CloudEventHeaders {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String SPEC_VERSION_VALUE = "1.0";
    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String TIME = "ce_time";
    public static final String SUBJECT = "ce_subject";
    public static final String CONTENT_TYPE = "content-type";
    public static final String CONTENT_TYPE_JSON = "application/json";

    private CloudEventHeaders() {
    }

    /**
     * The binary-mode headers of {@code event}, sent by {@code source} (e.g. {@code /gridwatch/routing-service})
     * at {@code time}.
     */
    public static Map<String, String> forEvent(GridWatchEvent event, String source, OffsetDateTime time) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(SPEC_VERSION, SPEC_VERSION_VALUE);
        headers.put(ID, event.eventId().toString());
        headers.put(TYPE, event.ceType());
        headers.put(SOURCE, source);
        // RFC 3339 always has seconds; OffsetDateTime.toString() drops them when they are zero.
        headers.put(TIME, time.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        headers.put(SUBJECT, event.subject());
        headers.put(CONTENT_TYPE, CONTENT_TYPE_JSON);
        return headers;
    }
}
