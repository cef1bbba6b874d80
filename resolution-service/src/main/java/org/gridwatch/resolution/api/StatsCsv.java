package org.gridwatch.resolution.api;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/**
 * The statistics rows as CSV (RFC 4180, written by jackson-dataformat-csv): a header row of the JSON field names,
 * empty cells for null rates. Keys come from data (department ids, area codes, categories), and supervisors open
 * the file in a spreadsheet: a key starting with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage
 * return gets a leading {@code '} so that it shows as text instead of running as a formula (OWASP's advice on CSV
 * injection); the library quotes any cell holding a comma, quote or line break.
 */
final class StatsCsv {

    static final List<String> COLUMNS = List.of("key", "received", "reports", "rejected", "open", "overdue", "resolved",
            "resolutionRate", "onTimeRate", "responseRate", "satisfactionRate", "misrouteRate", "reopenRate",
            "medianHoursToResolve", "p90HoursToResolve", "belowMinTickets", "rank", "resolvedOnTime", "acceptedOnTime",
            "confirmed", "disputed", "returned", "reopened");
    static final String HEADER = String.join(",", COLUMNS);

    /** First characters that make a spreadsheet read a cell as a formula (OWASP: = + - @, tab, carriage return). */
    private static final String FORMULA_STARTS = "=+-@\t\r";

    private static final ObjectWriter WRITER;

    static {
        CsvSchema.Builder schema = CsvSchema.builder();
        COLUMNS.forEach(schema::addColumn);
        WRITER = new CsvMapper().writer(schema.setUseHeader(true).setLineSeparator("\r\n").setNullValue("").build());
    }

    private StatsCsv() {
    }

    static String write(List<StatsRowView> rows) {
        List<Object[]> cells = rows.stream().map(r -> new Object[] {text(r.key()), r.received(), r.reports(), r.rejected(),
                r.open(), r.overdue(), r.resolved(), r.resolutionRate(), r.onTimeRate(), r.responseRate(), r.satisfactionRate(),
                r.misrouteRate(), r.reopenRate(), r.medianHoursToResolve(), r.p90HoursToResolve(), r.belowMinTickets(),
                r.rank(), r.resolvedOnTime(), r.acceptedOnTime(), r.confirmed(), r.disputed(), r.returned(), r.reopened()})
                .toList();
        try {
            return WRITER.writeValueAsString(cells);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the statistics as CSV", e);
        }
    }

    /** A text cell as a spreadsheet must show it: never a formula. */
    static String text(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        return FORMULA_STARTS.indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    }
}
