package org.gridwatch.resolution.persistence;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.CopyOut;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Rebuilds {@code stats_rollup} from {@code ticket_fact}. PostgreSQL computes what each ticket counts for with the
 * same function the event path uses ({@code stats_ticket}), one day of assignment at a time; this class adds each
 * ticket to its rollup rows exactly as {@code stats_contribution} does (every level of its area path, daily down to
 * communities, monthly down to grids, under its department and category and under '*', '*'), keeps one day's daily
 * rows and one month's monthly rows in memory, and writes them with COPY when the day or month is complete.
 * One pass over the facts, no sort and no temporary files in the database; the database and this JVM work at the
 * same time. Holds the statistics lock exclusively: events wait until the new rollup is committed.
 */
final class StatsRebuild {

    private static final JsonFactory JSON = new JsonFactory();
    /** Levels of the daily ('D') and monthly ('M') rows, as in stats_contribution. */
    private static final int DAILY_DEEPEST = 4;
    private static final int MONTHLY_DEEPEST = 10;
    private static final int NUMBERS = 12; // received ... reopened, overdue
    /** Columns of a line read from stats_ticket: day, path, department, category, the numbers, bucket. */
    private static final int FIELDS = 4 + NUMBERS + 1;
    private static final String COPY = "COPY stats_rollup (grain, period, area_level, area_code, department_id, category,"
            + " area_path, received, reports, rejected, open, resolved, resolved_on_time, accepted_on_time, confirmed,"
            + " disputed, returned, reopened, overdue, minutes_hist) FROM STDIN";

    private final Connection connection;
    private final String zone;
    private final Instant overdueBefore;
    private final Map<String, Path> paths = new HashMap<>();
    private final Map<Key, Row> days = new HashMap<>();
    private final Map<Key, Row> months = new HashMap<>();
    /** The rows of each combination of path, department and category seen on the day being read. */
    private final Map<Combination, Row[]> sameRows = new HashMap<>();
    private final Map<String, String> names = new HashMap<>();
    private long written;

    private StatsRebuild(Connection connection, ZoneId zone, Instant overdueBefore) {
        this.connection = connection;
        this.zone = zone.getId();
        this.overdueBefore = overdueBefore;
    }

    /** In the caller's transaction, or in one of its own if the connection is in autocommit. */
    static long run(Connection connection, ZoneId zone, Instant overdueBefore) throws SQLException {
        StatsRebuild rebuild = new StatsRebuild(connection, zone, overdueBefore.truncatedTo(ChronoUnit.MICROS));
        return StatsSql.inTransaction(connection, null, rebuild::all);
    }

    private long all() throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("SELECT pg_advisory_xact_lock(" + StatsSql.STATS_LOCK + ")");
            st.execute("TRUNCATE stats_rollup");
        }
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO stats_setting (name, value) VALUES (?, ?)"
                + " ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value")) {
            ps.setString(1, "zone");
            ps.setString(2, zone);
            ps.addBatch();
            ps.setString(1, "overdue_before");
            ps.setString(2, overdueBefore.toString());
            ps.addBatch();
            ps.executeBatch();
        }
        // Days as PostgreSQL cuts them in the zone, so that every ticket of a chunk has the chunk's day.
        String nextDay = "SELECT d - DATE '1970-01-01', d::timestamp AT TIME ZONE ?, (d + 1)::timestamp AT TIME ZONE ?"
                + " FROM (SELECT (min(assigned_at) AT TIME ZONE ?)::date AS d FROM ticket_fact WHERE assigned_at >= ?) x"
                + " WHERE d IS NOT NULL";
        // Read with COPY so that PostgreSQL computes the next rows while this JVM adds up the last ones.
        String facts = "COPY (SELECT t.day - DATE '1970-01-01', array_to_json(t.area_path), t.department_id, t.category,"
                + " t.received, t.reports, t.rejected, t.open, t.resolved, t.resolved_on_time, t.accepted_on_time,"
                + " t.confirmed, t.disputed, t.returned, t.reopened, t.overdue, t.bucket"
                + " FROM ticket_fact f, stats_ticket(f, " + literal(zone) + ", " + literal(overdueBefore.toString()) + ") t"
                + " WHERE f.assigned_at >= %s AND f.assigned_at < %s) TO STDOUT";
        List<String> indexes = dropSecondaryIndexes();
        OffsetDateTime from = OffsetDateTime.of(-4000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        LocalDate month = null;
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        try (PreparedStatement next = connection.prepareStatement(nextDay)) {
            while (true) {
                next.setString(1, zone);
                next.setString(2, zone);
                next.setString(3, zone);
                next.setObject(4, from);
                long day;
                OffsetDateTime dayStart;
                OffsetDateTime dayEnd;
                try (ResultSet rs = next.executeQuery()) {
                    if (!rs.next()) {
                        break;
                    }
                    day = rs.getLong(1);
                    dayStart = rs.getObject(2, OffsetDateTime.class);
                    dayEnd = rs.getObject(3, OffsetDateTime.class);
                }
                LocalDate thisMonth = LocalDate.ofEpochDay(day).withDayOfMonth(1);
                if (month != null && !month.equals(thisMonth)) {
                    flush(months);
                }
                month = thisMonth;
                CopyOut out = copy.copyOut(String.format(facts, literal(dayStart.toInstant().toString()),
                        literal(dayEnd.toInstant().toString())));
                byte[] line;
                while ((line = out.readFromCopy()) != null) {
                    add(line);
                }
                flush(days);
                sameRows.clear();
                from = dayEnd;
            }
        }
        flush(months);
        try (Statement st = connection.createStatement()) {
            for (String index : indexes) {
                st.execute(index);
            }
        }
        return written;
    }

    /** The rollup's indexes other than its primary key, dropped (in this transaction) and returned to be built again. */
    private List<String> dropSecondaryIndexes() throws SQLException {
        List<String> definitions = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i"
                     + " WHERE i.indrelid = 'stats_rollup'::regclass AND NOT i.indisprimary")) {
            while (rs.next()) {
                names.add(rs.getString(1));
                definitions.add(rs.getString(2));
            }
        }
        try (Statement st = connection.createStatement()) {
            for (String name : names) {
                st.execute("DROP INDEX " + name);
            }
        }
        return definitions;
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** One ticket (a line of COPY's text output of stats_ticket) into every rollup row it counts in. */
    private void add(byte[] line) throws SQLException {
        int[] ends = new int[FIELDS];
        int field = 0;
        for (int i = 0; i < line.length && field < FIELDS; i++) {
            if (line[i] == '\t' || line[i] == '\n') {
                ends[field++] = i;
            }
        }
        if (field < FIELDS - 1) {
            throw new SQLException("Unexpected line from stats_ticket: " + new String(line, StandardCharsets.UTF_8));
        }
        if (field == FIELDS - 1) {
            ends[field] = line.length;
        }
        int day = (int) number(line, 0, ends[0]);
        Path path = path(text(line, ends[0] + 1, ends[1]));
        String department = intern(text(line, ends[1] + 1, ends[2]));
        String category = intern(text(line, ends[2] + 1, ends[3]));
        long[] numbers = new long[NUMBERS];
        for (int i = 0; i < NUMBERS; i++) {
            numbers[i] = number(line, ends[3 + i] + 1, ends[4 + i]);
        }
        int bucketStart = ends[3 + NUMBERS] + 1;
        boolean resolved = !(ends[4 + NUMBERS] - bucketStart == 2 && line[bucketStart] == '\\' && line[bucketStart + 1] == 'N');
        long bucket = resolved ? number(line, bucketStart, ends[4 + NUMBERS]) : 0;
        // Tickets of one day with the same path, department and category count in the same rows.
        Row[] targets = sameRows.computeIfAbsent(new Combination(path, department, category),
                k -> targets(day, path, department, category));
        for (Row row : targets) {
            for (int i = 0; i < NUMBERS; i++) {
                row.numbers[i] += numbers[i];
            }
            if (resolved) {
                row.bucket(bucket);
            }
        }
    }

    private static long number(byte[] line, int from, int to) {
        boolean negative = line[from] == '-';
        long v = 0;
        for (int i = negative ? from + 1 : from; i < to; i++) {
            v = v * 10 + (line[i] - '0');
        }
        return negative ? -v : v;
    }

    /** A text field of COPY's text format: backslash escapes undone. */
    private static String text(byte[] line, int from, int to) {
        boolean escaped = false;
        for (int i = from; i < to; i++) {
            if (line[i] == '\\') {
                escaped = true;
                break;
            }
        }
        if (!escaped) {
            return new String(line, from, to - from, StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte ch = line[i];
            if (ch == '\\' && i + 1 < to) {
                byte e = line[++i];
                switch (e) {
                    case 't' -> b.write('\t');
                    case 'n' -> b.write('\n');
                    case 'r' -> b.write('\r');
                    case 'b' -> b.write('\b');
                    case 'f' -> b.write('\f');
                    case 'v' -> b.write(11);
                    default -> b.write(e);
                }
            } else {
                b.write(ch);
            }
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    /** The rows of one day's tickets with this path, department and category, as stats_contribution lists them. */
    private Row[] targets(int day, Path path, String department, String category) {
        int month = (int) LocalDate.ofEpochDay(day).withDayOfMonth(1).toEpochDay();
        int deepest = Math.min(MONTHLY_DEEPEST, Math.max(5, path.elements.length));
        List<Row> rows = new ArrayList<>();
        for (int level = 1; level <= deepest; level++) {
            String code = path.codes[level - 1];
            String slice = path.slices[level - 1];
            if (level <= DAILY_DEEPEST) {
                rows.add(days.computeIfAbsent(new Key('D', day, level, code, department, category), k -> new Row(slice)));
                rows.add(days.computeIfAbsent(new Key('D', day, level, code, StatsSql.ALL, StatsSql.ALL), k -> new Row(slice)));
            }
            rows.add(months.computeIfAbsent(new Key('M', month, level, code, department, category), k -> new Row(slice)));
            rows.add(months.computeIfAbsent(new Key('M', month, level, code, StatsSql.ALL, StatsSql.ALL), k -> new Row(slice)));
        }
        return rows.toArray(new Row[0]);
    }

    private String intern(String value) {
        return value == null ? null : names.computeIfAbsent(value, v -> v);
    }

    /** A path's code at each level (UNLOCATED past its end) and its first {@code level} elements as an array literal. */
    private Path path(String json) throws SQLException {
        Path p = paths.get(json);
        if (p == null) {
            List<String> read = new ArrayList<>();
            try (JsonParser parser = JSON.createParser(json)) {
                parser.nextToken(); // START_ARRAY
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    read.add(t == JsonToken.VALUE_NULL ? null : parser.getText());
                }
            } catch (IOException e) {
                throw new SQLException("Unreadable area path " + json, e);
            }
            String[] elements = read.toArray(new String[0]);
            String[] codes = new String[MONTHLY_DEEPEST];
            String[] slices = new String[MONTHLY_DEEPEST];
            for (int level = 1; level <= MONTHLY_DEEPEST; level++) {
                codes[level - 1] = level <= elements.length && elements[level - 1] != null ? elements[level - 1] : "UNLOCATED";
                slices[level - 1] = arrayLiteral(Arrays.copyOf(elements, Math.min(level, elements.length)));
            }
            p = new Path(elements, codes, slices);
            paths.put(json, p);
        }
        return p;
    }

    /** Writes the rows in key order and forgets them, streaming, so that PostgreSQL stores rows while more are formatted. */
    private void flush(Map<Key, Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        List<Map.Entry<Key, Row>> sorted = new ArrayList<>(rows.entrySet());
        // The rows of all departments and categories first, side by side: most queries read only them.
        sorted.sort(Map.Entry.comparingByKey(Comparator.comparing((Key k) -> !StatsSql.ALL.equals(k.department()))
                .thenComparing(Key.ORDER)));
        CopyIn in = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
        try {
            StringBuilder out = new StringBuilder(1 << 16);
            for (Map.Entry<Key, Row> e : sorted) {
                Key k = e.getKey();
                Row r = e.getValue();
                out.append(k.grain).append('\t').append(LocalDate.ofEpochDay(k.period)).append('\t').append(k.level).append('\t');
                copyText(out, k.code);
                out.append('\t');
                copyText(out, k.department);
                out.append('\t');
                copyText(out, k.category);
                out.append('\t');
                copyText(out, r.path);
                for (long n : r.numbers) {
                    out.append('\t').append(n);
                }
                out.append('\t');
                r.histogram(out);
                out.append('\n');
                if (out.length() >= 1 << 16) {
                    write(in, out);
                }
            }
            write(in, out);
            written += in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
        rows.clear();
    }

    private static void write(CopyIn in, StringBuilder out) throws SQLException {
        byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
        in.writeToCopy(bytes, 0, bytes.length);
        out.setLength(0);
    }

    /** A text[] literal with every element quoted. */
    private static String arrayLiteral(String[] elements) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < elements.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            if (elements[i] == null) {
                b.append("NULL");
            } else {
                b.append('"').append(elements[i].replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
        return b.append('}').toString();
    }

    /** A value in COPY's text format. */
    private static void copyText(StringBuilder out, String value) {
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(ch);
            }
        }
    }

    /** Paths are cached, so one is compared by identity. */
    private static final class Path {
        final String[] elements;
        final String[] codes;
        final String[] slices;

        Path(String[] elements, String[] codes, String[] slices) {
            this.elements = elements;
            this.codes = codes;
            this.slices = slices;
        }
    }

    private record Combination(Path path, String department, String category) {
    }

    /** The primary key of a rollup row. */
    private record Key(char grain, int period, int level, String code, String department, String category) {
        /** The order of the primary key. */
        static final Comparator<Key> ORDER = Comparator.comparing(Key::code).thenComparingInt(Key::level)
                .thenComparing(Key::grain).thenComparingInt(Key::period).thenComparing(Key::department)
                .thenComparing(Key::category);
    }

    /** One rollup row being summed: its counters and the bucket of each resolved ticket (sorted when written). */
    private static final class Row {
        final String path;
        final long[] numbers = new long[NUMBERS];
        long[] buckets = new long[4];
        int size;

        Row(String path) {
            this.path = path;
        }

        void bucket(long bucket) {
            if (size == buckets.length) {
                buckets = Arrays.copyOf(buckets, size * 2);
            }
            buckets[size++] = bucket;
        }

        /** The minutes_hist literal: {bucket1,tickets1,...}, buckets ascending. */
        void histogram(StringBuilder out) {
            Arrays.sort(buckets, 0, size);
            out.append('{');
            for (int i = 0; i < size; ) {
                int j = i;
                while (j < size && buckets[j] == buckets[i]) {
                    j++;
                }
                if (i > 0) {
                    out.append(',');
                }
                out.append(buckets[i]).append(',').append(j - i);
                i = j;
            }
            out.append('}');
            buckets = null;
        }
    }
}
