package org.gridwatch.resolution.domain;

import java.util.Locale;
import java.util.Optional;

/** The breakdowns of the resolution statistics; the time buckets are cut in the statistics time zone ({@code gridwatch.resolution.stats.zone}). */
public enum StatsGroupBy {
    DEPARTMENT, CATEGORY, AREA, DAY, WEEK, MONTH;

    /** Rankings (best resolution rate first) only make sense across peers, not along a time axis. */
    public boolean ranked() {
        return this == DEPARTMENT || this == CATEGORY || this == AREA;
    }

    public static Optional<StatsGroupBy> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(value.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Depth of an area level in a ticket's area path: CITY 1, DISTRICT 2, STREET 3, COMMUNITY 4, GRID 5; or a number 1-10. */
    public static Optional<Integer> areaDepth(String level) {
        if (level == null) {
            return Optional.empty();
        }
        switch (level.trim().toUpperCase(Locale.ROOT)) {
            case "CITY": return Optional.of(1);
            case "DISTRICT": return Optional.of(2);
            case "STREET": return Optional.of(3);
            case "COMMUNITY": return Optional.of(4);
            case "GRID": return Optional.of(5);
            default:
                try {
                    int depth = Integer.parseInt(level.trim());
                    return depth >= 1 && depth <= 10 ? Optional.of(depth) : Optional.empty();
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
        }
    }
}
