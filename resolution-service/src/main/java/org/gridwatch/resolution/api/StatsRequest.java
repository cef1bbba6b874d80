package org.gridwatch.resolution.api;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import org.gridwatch.common.api.ApiException;
import org.gridwatch.common.api.Problem;
import org.gridwatch.resolution.domain.StatsGroupBy;

/**
 * The validated query of {@code GET /api/v1/stats/resolution}: every bad parameter is reported at once,
 * each under its own name, as a 400 problem.
 */
public record StatsRequest(StatsGroupBy groupBy, Integer level, OffsetDateTime from, OffsetDateTime to,
        String area, String department, String category, int minTickets) {

    static final int FIRST_YEAR = 1;
    static final int LAST_YEAR = 9999;

    /** Parses the query; a date-only {@code from} or {@code to} is the start of that day in {@code zone}. */
    public static StatsRequest parse(String groupBy, String level, String from, String to, String area,
            String department, String category, String minTickets, ZoneId zone) {
        List<Problem.FieldError> errors = new ArrayList<>();
        StatsGroupBy g = StatsGroupBy.parse(groupBy).orElse(null);
        if (g == null) {
            errors.add(new Problem.FieldError("groupBy", "one of department, category, area, day, week, month"));
        }
        Integer depth = null;
        if (level != null) {
            depth = StatsGroupBy.areaDepth(level).orElse(null);
            if (depth == null) {
                errors.add(new Problem.FieldError("level", "CITY, DISTRICT, STREET, COMMUNITY, GRID or a path depth 1-10"));
            }
        }
        OffsetDateTime f = instant("from", from, zone, errors);
        OffsetDateTime t = instant("to", to, zone, errors);
        if (f != null && t != null && !f.isBefore(t)) {
            errors.add(new Problem.FieldError("from", "must be before to"));
        }
        int min = 0;
        if (minTickets != null) {
            try {
                min = Integer.parseInt(minTickets.trim());
                if (min < 0) {
                    errors.add(new Problem.FieldError("minTickets", "must be 0 or more"));
                }
            } catch (NumberFormatException e) {
                errors.add(new Problem.FieldError("minTickets", "not a whole number"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.badRequest("Invalid statistics query", errors);
        }
        return new StatsRequest(g, depth, f, t, blankToNull(area), blankToNull(department), blankToNull(category), min);
    }

    /**
     * An ISO-8601 date-time with offset, or a date meaning its start in {@code zone}, in the years 1 to 9999: the
     * query splits the range into days and months of {@code zone} and PostgreSQL stores 4713 BC to 294276 AD, so a
     * year like +999999999 would otherwise overflow on the server.
     */
    static OffsetDateTime instant(String field, String value, ZoneId zone, List<Problem.FieldError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new Problem.FieldError(field, "required: an ISO-8601 date or date-time with offset"));
            return null;
        }
        try {
            OffsetDateTime instant = value.length() == 10
                    ? LocalDate.parse(value).atStartOfDay(zone).toOffsetDateTime()
                    : OffsetDateTime.parse(value);
            int year = instant.getYear();
            if (year < FIRST_YEAR || year > LAST_YEAR) {
                errors.add(new Problem.FieldError(field, "must lie in the years " + FIRST_YEAR + " to " + LAST_YEAR));
                return null;
            }
            return instant;
        } catch (DateTimeParseException e) {
            errors.add(new Problem.FieldError(field, "not an ISO-8601 date or date-time with offset"));
            return null;
        }
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
