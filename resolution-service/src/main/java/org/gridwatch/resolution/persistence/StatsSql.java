package org.gridwatch.resolution.persistence;

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
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.gridwatch.resolution.domain.ResolutionCounts;
import org.gridwatch.resolution.domain.StatsGroupBy;

/**
 * The statistics queries, in plain JDBC so that the service and the benchmark (bench/) run exactly the
 * same code. A range [from, to) is read from the rollup ({@code stats_rollup}, see V3__statistics.sql and
 * V6__statistics_at_scale.sql) in whole months and whole days of the statistics time zone, and from the ticket
 * facts for the part-days at its ends (and for the days of grids, which have monthly rows only); "overdue" is
 * the rollup's count at its watermark plus the open facts whose deadline fell between the watermark and "now".
 * All of it is read in one snapshot. Counts and rates are exact; the hours to resolve are exact to three
 * significant figures of minutes.
 */
public final class StatsSql {

    private static final String OPEN = "status NOT IN ('RESOLVED', 'CLOSED', 'REJECTED')";
    private static final String COUNTERS = "received, reports, rejected, open, resolved, resolved_on_time,"
            + " accepted_on_time, confirmed, disputed, returned, reopened";
    private static final int COUNTER_COLUMNS = 11;
    /** Held shared by every rollup write, exclusively by moving the overdue watermark and by a rebuild. */
    public static final long STATS_LOCK = 7454136213406245234L; // "gridstar"
    /** The rollup rows of all departments and categories together. */
    static final String ALL = "*";
    /** Areas below this depth are still counted, as UNLOCATED, for tickets whose path stops short. */
    public static final int DEEPEST_LEVEL = 5;
    /** The deepest area level with daily rows in the rollup (communities); grids have monthly rows only. */
    static final int DAILY_LEVELS = 4;

    /** Which tickets a query covers: assigned in [from, to), inside {@code scopeArea}, optionally narrowed. */
    public record Filter(Instant now, Instant from, Instant to, String scopeArea, String area, String department, String category) {
    }

    /** One open ticket past a deadline; {@code missed} is RESPONSE or RESOLUTION. */
    public record OverdueRow(String ticketId, String departmentId, String category, Instant dueAt, String missed) {
    }

    private StatsSql() {
    }

    /**
     * One row per group, in no particular order. {@code areaLevel} is the level of the areas to group by
     * (used only for {@link StatsGroupBy#AREA}); groups of the area asked about are never coarser than it.
     */
    public static List<ResolutionCounts> resolution(Connection connection, StatsGroupBy groupBy, int areaLevel, Filter f,
            ZoneId zone) throws SQLException {
        // The watermark, the rollup and the facts must be read in one snapshot: a watermark moved in between would
        // count the tickets it moved twice.
        return inTransaction(connection, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY",
                () -> resolutionInSnapshot(connection, groupBy, areaLevel, f, zone));
    }

    /** Work on a connection that may throw {@link SQLException}. */
    interface SqlWork<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code work} in the caller's transaction, or, when the connection is in autocommit, in a transaction of its
     * own that begins with {@code setup} (null for none) and is committed after the work, rolled back if it fails.
     */
    static <T> T inTransaction(Connection connection, String setup, SqlWork<T> work) throws SQLException {
        if (!connection.getAutoCommit()) {
            return work.run();
        }
        connection.setAutoCommit(false);
        try {
            if (setup != null) {
                try (Statement st = connection.createStatement()) {
                    st.execute(setup);
                }
            }
            T result = work.run();
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private static List<ResolutionCounts> resolutionInSnapshot(Connection connection, StatsGroupBy groupBy, int areaLevel,
            Filter f, ZoneId zone) throws SQLException {
        String target = f.area() != null ? f.area() : f.scopeArea();
        int targetDepth = depthOf(connection, target);
        Map<String, Totals> groups = new LinkedHashMap<>();
        if (targetDepth == 0) {
            return List.of(); // no ticket has ever been assigned in this area
        }
        // Without a department or category to tell apart, the rows of all departments and categories are enough.
        boolean all = groupBy != StatsGroupBy.DEPARTMENT && groupBy != StatsGroupBy.CATEGORY
                && f.department() == null && f.category() == null;
        Query q = new Query(groupBy, groupBy == StatsGroupBy.AREA ? Math.max(areaLevel, targetDepth) : targetDepth,
                target, targetDepth, f, zone, all);
        ZonedDateTime from = f.from().atZone(zone);
        ZonedDateTime to = f.to().atZone(zone);
        LocalDate firstWholeDay = startOfDay(from, zone).equals(from) ? from.toLocalDate() : from.toLocalDate().plusDays(1);
        LocalDate endOfWholeDays = to.toLocalDate();
        if (!firstWholeDay.isBefore(endOfWholeDays)) {
            q.facts(connection, f.from(), f.to(), groups);
        } else {
            Instant wholeFrom = firstWholeDay.atStartOfDay(zone).toInstant();
            Instant wholeTo = endOfWholeDays.atStartOfDay(zone).toInstant();
            if (f.from().isBefore(wholeFrom)) {
                q.facts(connection, f.from(), wholeFrom, groups);
            }
            if (wholeTo.isBefore(f.to())) {
                q.facts(connection, wholeTo, f.to(), groups);
            }
            LocalDate firstMonth = firstWholeDay.getDayOfMonth() == 1 ? firstWholeDay : firstWholeDay.withDayOfMonth(1).plusMonths(1);
            LocalDate endOfMonths = endOfWholeDays.withDayOfMonth(1);
            boolean byMonth = groupBy != StatsGroupBy.DAY && groupBy != StatsGroupBy.WEEK && firstMonth.isBefore(endOfMonths);
            if (byMonth) {
                q.days(connection, firstWholeDay, firstMonth, groups);
                q.rollup(connection, 'M', firstMonth, endOfMonths, groups);
                q.days(connection, endOfMonths, endOfWholeDays, groups);
            } else {
                q.days(connection, firstWholeDay, endOfWholeDays, groups);
            }
        }
        q.overdue(connection, groups);
        List<ResolutionCounts> rows = new ArrayList<>();
        groups.forEach((key, t) -> {
            // A ticket that moved to another department leaves a row of zeros behind in the rollup.
            if (t.c[0] > 0) {
                rows.add(t.counts(key));
            }
        });
        return rows;
    }

    /** Depth of {@code area} in the area paths (1 for the city), or 0 when no ticket was ever assigned in it. */
    public static int depthOf(Connection connection, String area) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT area_level FROM stats_rollup"
                + " WHERE area_code = ? AND area_level = cardinality(area_path) LIMIT 1")) {
            ps.setString(1, area);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    /** Whether {@code area} is a known area inside {@code scopeArea} (or the same). */
    public static boolean areaWithin(Connection connection, String area, String scopeArea) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT 1 FROM stats_rollup"
                + " WHERE area_code = ? AND area_level = cardinality(area_path) AND ? = ANY (area_path) LIMIT 1")) {
            ps.setString(1, area);
            ps.setString(2, scopeArea);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Rebuilds the whole rollup from the ticket facts, its days and months cut in {@code zone}, "overdue" counted at
     * {@code overdueBefore} (the service's clock); returns its row count. See {@link StatsRebuild}.
     */
    public static long rebuild(Connection connection, ZoneId zone, Instant overdueBefore) throws SQLException {
        return StatsRebuild.run(connection, zone, overdueBefore);
    }

    /** {@link #rebuild(Connection, ZoneId, Instant)} with the overdue watermark at the present moment. */
    public static long rebuild(Connection connection, ZoneId zone) throws SQLException {
        return rebuild(connection, zone, Instant.now());
    }

    /**
     * Moves the rollup's overdue watermark forward to {@code upto}: open tickets whose deadline fell since the last
     * watermark are counted as overdue in the rollup, so that a query reads fewer facts. Returns how many tickets.
     * Never changes a figure: any watermark gives the same statistics.
     */
    public static long advanceOverdue(Connection connection, Instant upto) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT stats_overdue_advance(?)")) {
            ps.setObject(1, utc(upto.truncatedTo(ChronoUnit.MICROS)));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * The first half of a poll's change to the statistics (see {@code TicketFactRepository.changing}): takes the shared
     * statistics lock (the overdue watermark stays put until the transaction ends), makes sure the facts of
     * {@code ticketIds} (sorted, distinct) exist, locks them in that order and returns them as they are, for
     * {@link #applyChange}.
     */
    public static String lockFacts(Connection connection, String[] ticketIds) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_xact_lock_shared(?)")) {
            ps.setLong(1, STATS_LOCK);
            ps.executeQuery().close();
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO ticket_fact (ticket_id) SELECT id FROM unnest(?::text[]) AS id ORDER BY id ON CONFLICT DO NOTHING")) {
            ps.setArray(1, connection.createArrayOf("text", ticketIds));
            ps.executeUpdate();
        }
        // Locked in their own statement, in one order, before they are read: no fact changes under the subtraction.
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT 1 FROM ticket_fact WHERE ticket_id = ANY (?) ORDER BY ticket_id FOR UPDATE")) {
            ps.setArray(1, connection.createArrayOf("text", ticketIds));
            ps.executeQuery().close();
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT array_agg(f)::text FROM ticket_fact f WHERE ticket_id = ANY (?)")) {
            ps.setArray(1, connection.createArrayOf("text", ticketIds));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /**
     * The second half: once the facts of {@code ticketIds} have changed, writes each rollup row they count in once, with
     * the difference between the facts now and {@code before} (what {@link #lockFacts} returned).
     */
    public static void applyChange(Connection connection, String before, String[] ticketIds, String zone) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT stats_apply_change(?::ticket_fact[], ?, ?)")) {
            ps.setString(1, before);
            ps.setArray(2, connection.createArrayOf("text", ticketIds));
            ps.setString(3, zone);
            ps.executeQuery().close();
        }
    }

    /** The time zone the rollup was cut in, or null before the first rebuild. */
    public static String rollupZone(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT value FROM stats_setting WHERE name = 'zone'");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /**
     * Open tickets past their response deadline (not accepted) or resolution deadline, most overdue first,
     * after the keyset ({@code afterDue}, {@code afterId}) when given. The range of {@code f} is ignored.
     */
    public static List<OverdueRow> overdue(Connection connection, Filter f, Instant afterDue, String afterId, int limit)
            throws SQLException {
        // Two sources, each read in deadline order from its own index and cut at the page size: tickets past their
        // resolution deadline (ticket_fact_open), and tickets never accepted past their response deadline whose
        // resolution deadline is still to come (ticket_fact_open_unaccepted). The page is the first of both merged.
        String scope = " AND assigned_at IS NOT NULL AND ? = ANY (area_path)"
                + (f.area() != null ? " AND ? = ANY (area_path)" : "")
                + (f.department() != null ? " AND department_id = ?" : "")
                + (f.category() != null ? " AND category = ?" : "");
        String sql = "(SELECT ticket_id, department_id, category, resolve_due_at AS due, 'RESOLUTION' AS missed"
                + " FROM ticket_fact WHERE " + OPEN + " AND resolve_due_at < ?" + scope
                + (afterId != null ? " AND (resolve_due_at, ticket_id) > (?, ?)" : "")
                + " ORDER BY resolve_due_at, ticket_id LIMIT ?)"
                + " UNION ALL"
                + " (SELECT ticket_id, department_id, category, response_due_at AS due, 'RESPONSE' AS missed"
                + " FROM ticket_fact WHERE " + OPEN + " AND accepted_at IS NULL AND response_due_at < ?"
                + " AND (resolve_due_at >= ? OR resolve_due_at IS NULL)" + scope
                + (afterId != null ? " AND (response_due_at, ticket_id) > (?, ?)" : "")
                + " ORDER BY response_due_at, ticket_id LIMIT ?)"
                + " ORDER BY due, ticket_id LIMIT ?";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            int i = 1;
            for (int source = 0; source < 2; source++) {
                ps.setObject(i++, utc(f.now()));
                if (source == 1) {
                    ps.setObject(i++, utc(f.now()));
                }
                ps.setString(i++, f.scopeArea());
                if (f.area() != null) {
                    ps.setString(i++, f.area());
                }
                if (f.department() != null) {
                    ps.setString(i++, f.department());
                }
                if (f.category() != null) {
                    ps.setString(i++, f.category());
                }
                if (afterId != null) {
                    ps.setObject(i++, utc(afterDue));
                    ps.setString(i++, afterId);
                }
                ps.setInt(i++, limit);
            }
            ps.setInt(i, limit);
            List<OverdueRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new OverdueRow(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getString(5)));
                }
            }
            return rows;
        }
    }

    private static ZonedDateTime startOfDay(ZonedDateTime t, ZoneId zone) {
        return t.toLocalDate().atStartOfDay(zone);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /**
     * One statistics query: what to group by, which area's rows to read, the optional filters, and whether the
     * rollup rows of all departments and categories together ({@code all}) are enough.
     */
    private record Query(StatsGroupBy groupBy, int keyLevel, String target, int targetDepth, Filter f, ZoneId zone,
            boolean all) {

        /** Whole days [fromDay, toDay): from the daily rollup, or from the facts for levels without daily rows. */
        void days(Connection c, LocalDate fromDay, LocalDate toDay, Map<String, Totals> groups) throws SQLException {
            if (!fromDay.isBefore(toDay)) {
                return;
            }
            if (keyLevel <= DAILY_LEVELS) {
                rollup(c, 'D', fromDay, toDay, groups);
            } else {
                facts(c, fromDay.atStartOfDay(zone).toInstant(), toDay.atStartOfDay(zone).toInstant(), groups);
            }
        }

        /** Rollup rows of one grain for periods in [fromPeriod, toPeriod). */
        void rollup(Connection c, char grain, LocalDate fromPeriod, LocalDate toPeriod, Map<String, Totals> groups)
                throws SQLException {
            if (!fromPeriod.isBefore(toPeriod)) {
                return;
            }
            String sql = "SELECT period, area_path, department_id, category, " + COUNTERS + ", overdue, minutes_hist::text"
                    + " FROM stats_rollup WHERE grain = ? AND period >= ? AND period < ? AND " + areaCondition("")
                    + (all ? " AND department_id = '" + ALL + "'" : " AND department_id <> '" + ALL + "'")
                    + filters("");
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, String.valueOf(grain));
                ps.setObject(2, fromPeriod);
                ps.setObject(3, toPeriod);
                bindAreaAndFilters(ps, 4);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Totals t = add(rs, groups);
                        t.minutes.addPairs(rs.getString(COUNTER_COLUMNS + 6));
                    }
                }
            }
        }

        /** The facts assigned in [from, to), each counted by the same function the rollup is made of. */
        void facts(Connection c, Instant from, Instant to, Map<String, Totals> groups) throws SQLException {
            String sql = "SELECT t.day, t.area_path, t.department_id, t.category, " + COUNTERS.replaceAll("(\\w+)", "t.$1")
                    + ", t.overdue, t.bucket"
                    + " FROM ticket_fact f, stats_ticket(f, ?, stats_overdue_before()) t"
                    + " WHERE f.assigned_at >= ? AND f.assigned_at < ? AND f.area_path[" + targetDepth + "] = ?"
                    // A grid's facts are found by their own index.
                    + (targetDepth == DEEPEST_LEVEL ? " AND f.grid_code = ?" : "")
                    + filters("t.");
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setString(i++, zone.getId());
                ps.setObject(i++, utc(from));
                ps.setObject(i++, utc(to));
                ps.setString(i++, target);
                if (targetDepth == DEEPEST_LEVEL) {
                    ps.setString(i++, target);
                }
                bindFilters(ps, i);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Totals t = add(rs, groups);
                        long bucket = rs.getLong(COUNTER_COLUMNS + 6);
                        if (!rs.wasNull()) {
                            t.minutes.add(bucket, 1);
                        }
                    }
                }
            }
        }

        /**
         * The rollup counts open tickets past a deadline at its watermark; this adds those whose deadline fell between
         * the watermark and now (or takes away those whose deadline is still to come, if now is before the watermark).
         * Only the column the groups are keyed by, so that the few tickets are counted, not listed.
         */
        void overdue(Connection c, Map<String, Totals> groups) throws SQLException {
            boolean byTime = groupBy == StatsGroupBy.DAY || groupBy == StatsGroupBy.WEEK || groupBy == StatsGroupBy.MONTH;
            String sql = "SELECT " + (byTime ? "(assigned_at AT TIME ZONE ?)::date" : "NULL::date") + ", "
                    + (groupBy == StatsGroupBy.AREA ? "area_path[1:" + keyLevel + "]" : "NULL::text[]") + ", "
                    + (groupBy == StatsGroupBy.DEPARTMENT ? "department_id" : "NULL") + ", "
                    + (groupBy == StatsGroupBy.CATEGORY ? "category" : "NULL") + ", "
                    + " count(*) * CASE WHEN w.at < ? THEN 1 ELSE -1 END"
                    + " FROM ticket_fact, (SELECT stats_overdue_before() AS at) w"
                    + " WHERE " + OPEN
                    + " AND stats_overdue_at(accepted_at, response_due_at, resolve_due_at) >= least(w.at, ?)"
                    + " AND stats_overdue_at(accepted_at, response_due_at, resolve_due_at) < greatest(w.at, ?)"
                    // The facts the rollup counts (stats_ticket).
                    + " AND assigned_at >= ? AND assigned_at < ? AND department_id IS NOT NULL AND category IS NOT NULL"
                    + " AND cardinality(area_path) > 0"
                    + " AND area_path[" + targetDepth + "] = ?" + filters("")
                    + " GROUP BY 1, 2, 3, 4, w.at";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                if (byTime) {
                    ps.setString(i++, zone.getId());
                }
                ps.setObject(i++, utc(f.now()));
                ps.setObject(i++, utc(f.now()));
                ps.setObject(i++, utc(f.now()));
                ps.setObject(i++, utc(f.from()));
                ps.setObject(i++, utc(f.to()));
                ps.setString(i++, target);
                bindFilters(ps, i);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        groups.computeIfAbsent(key(rs), k -> new Totals()).overdue += rs.getLong(5);
                    }
                }
            }
        }

        private String areaCondition(String alias) {
            // Grouped by area: the rows of the key level under the target; otherwise the target's own rows.
            return groupBy == StatsGroupBy.AREA
                    ? alias + "area_level = " + keyLevel + " AND " + alias + "area_path[" + targetDepth + "] = ?"
                    : alias + "area_level = " + targetDepth + " AND " + alias + "area_code = ?";
        }

        private String filters(String alias) {
            return (f.department() != null ? " AND " + alias + "department_id = ?" : "")
                    + (f.category() != null ? " AND " + alias + "category = ?" : "");
        }

        private void bindAreaAndFilters(PreparedStatement ps, int first) throws SQLException {
            ps.setString(first, target);
            bindFilters(ps, first + 1);
        }

        private void bindFilters(PreparedStatement ps, int first) throws SQLException {
            int i = first;
            if (f.department() != null) {
                ps.setString(i++, f.department());
            }
            if (f.category() != null) {
                ps.setString(i, f.category());
            }
        }

        /** Adds the counters and overdue of a row (columns 5 on) to its group, which it returns. */
        private Totals add(ResultSet rs, Map<String, Totals> groups) throws SQLException {
            Totals t = groups.computeIfAbsent(key(rs), k -> new Totals());
            for (int i = 0; i < COUNTER_COLUMNS; i++) {
                t.c[i] += rs.getLong(5 + i);
            }
            t.overdue += rs.getLong(5 + COUNTER_COLUMNS);
            return t;
        }

        /** The group of a row whose first four columns are period, area path, department and category. */
        private String key(ResultSet rs) throws SQLException {
            java.sql.Array path = rs.getArray(2);
            return key(rs.getObject(1, LocalDate.class), path == null ? null : (String[]) path.getArray(), rs.getString(3),
                    rs.getString(4));
        }

        /** The group of a row: {@code period} is its day (or month's first day), {@code path} its area path. */
        private String key(LocalDate period, String[] path, String department, String category) {
            return switch (groupBy) {
                case DEPARTMENT -> department;
                case CATEGORY -> category;
                case AREA -> keyLevel <= path.length && path[keyLevel - 1] != null ? path[keyLevel - 1] : "UNLOCATED";
                case DAY -> period.toString();
                case WEEK -> String.format("%d-W%02d", period.get(IsoFields.WEEK_BASED_YEAR), period.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
                case MONTH -> period.toString().substring(0, 7);
            };
        }
    }

    /** The sums of one group: the rollup's counters in column order, overdue, and the histogram of minutes to resolve. */
    private static final class Totals {
        final long[] c = new long[COUNTER_COLUMNS];
        long overdue;
        final StatsHistogram minutes = new StatsHistogram();

        ResolutionCounts counts(String key) {
            return new ResolutionCounts(key, c[0], c[1], c[2], c[3], overdue, c[4], c[5], c[6], c[7], c[8], c[9], c[10],
                    minutes.hoursAt(0.5), minutes.hoursAt(0.9));
        }
    }
}
