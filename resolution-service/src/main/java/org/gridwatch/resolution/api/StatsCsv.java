package org.gridwatch.resolution.api;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The statistics rows as CSV (RFC 4180): a header row of the JSON field names, empty cells for null rates. */
final class StatsCsv {

    static final String HEADER = "key,received,reports,rejected,open,overdue,resolved,resolutionRate,onTimeRate,"
            + "responseRate,satisfactionRate,misrouteRate,reopenRate,medianHoursToResolve,p90HoursToResolve,"
            + "belowMinTickets,rank,resolvedOnTime,acceptedOnTime,confirmed,disputed,returned,reopened";

    private StatsCsv() {
    }

    static String write(List<StatsRowView> rows) {
        StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
        for (StatsRowView r : rows) {
            csv.append(Stream.of(quote(r.key()), r.received(), r.reports(), r.rejected(), r.open(), r.overdue(),
                            r.resolved(), r.resolutionRate(), r.onTimeRate(), r.responseRate(), r.satisfactionRate(),
                            r.misrouteRate(), r.reopenRate(), r.medianHoursToResolve(), r.p90HoursToResolve(),
                            r.belowMinTickets(), r.rank(), r.resolvedOnTime(), r.acceptedOnTime(), r.confirmed(),
                            r.disputed(), r.returned(), r.reopened())
                    .map(v -> v == null ? "" : v.toString())
                    .collect(Collectors.joining(",")))
                    .append("\r\n");
        }
        return csv.toString();
    }

    private static String quote(String value) {
        if (value == null) {
            return "";
        }
        // Keys come from data (department ids, area codes); quote them rather than trust them.
        return value.matches("[A-Za-z0-9_\\-. ]*") ? value : "\"" + value.replace("\"", "\"\"") + "\"";
    }
}
