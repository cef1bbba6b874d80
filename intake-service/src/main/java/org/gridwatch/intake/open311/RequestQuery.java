package org.gridwatch.intake.open311;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

import org.jboss.resteasy.reactive.RestQuery;

/**
 * The arguments of GET requests. Without {@code service_request_id} they select a window of
 * {@code requested_datetime}: the spec's default of the latest 90 days, and never more than 90 days.
 */
public record RequestQuery(
        @RestQuery("api_key") String apiKey,
        @RestQuery("jurisdiction_id") String jurisdictionId,
        @RestQuery("service_request_id") String serviceRequestId,
        @RestQuery("service_code") String serviceCode,
        @RestQuery("start_date") String startDate,
        @RestQuery("end_date") String endDate,
        @RestQuery("status") String status) {

    public static final Duration MAX_WINDOW = Duration.ofDays(90);

    /** From {@code start} to {@code end}, both included. */
    public record Window(OffsetDateTime start, OffsetDateTime end) {
    }

    /** Whether service_request_id was given; it then overrides every other argument, as the spec says. */
    public boolean byId() {
        return serviceRequestId != null && !serviceRequestId.isBlank();
    }

    /** The requested ids; an id that is not a GridWatch id names no request, so it is left out. */
    public Set<UUID> ids() {
        Set<UUID> ids = new LinkedHashSet<>();
        for (String id : commaSeparated(serviceRequestId)) {
            try {
                ids.add(UUID.fromString(id));
            } catch (IllegalArgumentException notOurs) {
                // Not a GridWatch id: no request has it.
            }
        }
        return ids;
    }

    /** The requested service codes; empty for all. */
    public Set<String> serviceCodes() {
        return commaSeparated(serviceCode);
    }

    public Set<Open311Status> statuses() {
        return Open311Status.parse(status);
    }

    public Window window(OffsetDateTime now) {
        OffsetDateTime start = datetime("start_date", startDate);
        OffsetDateTime end = datetime("end_date", endDate);
        if (start == null && end == null) {
            return new Window(now.minus(MAX_WINDOW), now);
        }
        if (start == null) {
            return new Window(end.minus(MAX_WINDOW), end);
        }
        if (end == null) {
            return new Window(start, start.plus(MAX_WINDOW));
        }
        if (end.isBefore(start)) {
            throw new Open311Exception(400, "end_date must not lie before start_date");
        }
        if (Duration.between(start, end).compareTo(MAX_WINDOW) > 0) {
            throw new Open311Exception(400, "start_date and end_date may not span more than 90 days");
        }
        return new Window(start, end);
    }

    private static OffsetDateTime datetime(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            // An unencoded '+' of the offset arrives as a space.
            return OffsetDateTime.parse(value.trim().replace(' ', '+'));
        } catch (DateTimeParseException e) {
            throw new Open311Exception(400, name + ": must be a W3C datetime with offset, e.g. 2026-01-31T08:00:00Z "
                    + "or 2026-01-31T16:00:00+08:00");
        }
    }

    private static Set<String> commaSeparated(String value) {
        Set<String> items = new LinkedHashSet<>();
        if (value != null) {
            for (String item : value.split(",")) {
                if (!item.isBlank()) {
                    items.add(item.trim());
                }
            }
        }
        return items;
    }
}
