package org.gridwatch.resolution.api;

import java.math.BigDecimal;
import java.math.RoundingMode;

import org.gridwatch.resolution.domain.ResolutionCounts;

/**
 * One row of the resolution statistics (DESIGN.md section 9) with the numerators behind each rate.
 * Rates are rounded to 4 decimals and hours to 2; {@code rank} is null for rows that are not ranked.
 */
public record StatsRowView(
        String key,
        long received,
        long reports,
        long rejected,
        long open,
        long overdue,
        long resolved,
        Double resolutionRate,
        Double onTimeRate,
        Double responseRate,
        Double satisfactionRate,
        Double misrouteRate,
        Double reopenRate,
        Double medianHoursToResolve,
        Double p90HoursToResolve,
        boolean belowMinTickets,
        Integer rank,
        long resolvedOnTime,
        long acceptedOnTime,
        long confirmed,
        long disputed,
        long returned,
        long reopened) {

    public static StatsRowView from(ResolutionCounts c, boolean belowMinTickets, Integer rank) {
        return new StatsRowView(c.key(), c.received(), c.reports(), c.rejected(), c.open(), c.overdue(), c.resolved(),
                round(c.resolutionRate(), 4), round(c.onTimeRate(), 4), round(c.responseRate(), 4),
                round(c.satisfactionRate(), 4), round(c.misrouteRate(), 4), round(c.reopenRate(), 4),
                round(c.medianHoursToResolve(), 2), round(c.p90HoursToResolve(), 2), belowMinTickets, rank,
                c.resolvedOnTime(), c.acceptedOnTime(), c.confirmed(), c.disputed(), c.returned(), c.reopened());
    }

    private static Double round(Double value, int places) {
        return value == null ? null : BigDecimal.valueOf(value).setScale(places, RoundingMode.HALF_UP).doubleValue();
    }
}
