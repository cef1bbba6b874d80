package org.gridwatch.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

import org.flywaydb.core.Flyway;
import org.gridwatch.infra.EmbeddedPostgresServer;
import org.gridwatch.resolution.domain.ResolutionCounts;
import org.gridwatch.resolution.domain.StatsGroupBy;
import org.gridwatch.resolution.persistence.StatsSql;

/**
 * Loads N synthetic tickets (default ten million) into resolution's {@code ticket_fact} on an embedded
 * PostgreSQL (schema from the service's own Flyway migrations, rows generated in SQL), rebuilds the
 * statistics rollup from them with the service's own {@link StatsSql#rebuild}, then times the code behind
 * {@code GET /api/v1/stats/resolution} and {@code /stats/overdue} ({@link StatsSql}) at national scale, every
 * grouping. Run by hand; see bench/README.md.
 */
public final class StatsQueryBenchmark {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    /** The year 2025 in the statistics time zone: whole months, read from the monthly rollup alone. */
    private static final Instant FROM = Instant.parse("2025-01-01T00:00:00+08:00");
    private static final Instant TO = Instant.parse("2026-01-01T00:00:00+08:00");
    /** The same year in UTC: part-days at both ends (8 hours each) come from the facts. */
    private static final Instant FROM_UTC = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant TO_UTC = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant NOW = Instant.parse("2026-01-15T00:00:00Z");
    private static final int CHUNK = 1_000_000;

    /** One chunk of synthetic tickets, appended in order of assignment time (with jitter) as the consumer would: 5 districts, 20 streets, 60 communities, 600 grids, 16 categories, 36 departments, assigned over 2025. */
    private static final String GENERATE = """
            INSERT INTO ticket_fact (ticket_id, department_id, category, area_path, grid_code, hop, assigned_at,
                response_due_at, resolve_due_at, accepted_at, resolved_at, closed, rejected, returned_once,
                reopened_once, reports, confirmed, disputed, status, status_version)
            SELECT 'T-' || g,
                   'D-' || lpad(((d * 16 + c) % 36)::text, 2, '0'),
                   (ARRAY['FIRE_HAZARD','GAS_LEAK','ELEVATOR_SAFETY','ROAD_DAMAGE','MANHOLE_COVER','TRAFFIC_SAFETY',
                          'FLOODING','STREET_LIGHT','PUBLIC_FACILITY','FOOD_SAFETY','ENVIRONMENT','BUILDING_SAFETY',
                          'CITY_APPEARANCE','ACCESS_OBSTACLE','CIVIC_SUGGESTION','OTHER'])[c + 1],
                   ARRAY['YL', 'YL-' || d, 'YL-' || d || '-' || s, 'YL-' || d || '-' || s || '-' || cm,
                         'YL-' || d || '-' || s || '-' || cm || '-G' || gr],
                   'YL-' || d || '-' || s || '-' || cm || '-G' || gr,
                   CASE WHEN u_ret < 0.05 THEN 1 ELSE 0 END,
                   at, at + resp, at + res,
                   CASE WHEN NOT rej AND u_acc < 0.95 THEN at + resp * (u_acc * 1.4) END,
                   CASE WHEN resolved THEN at + res * (-ln(1 - u_res) * 0.5) END,
                   resolved AND u_close < 0.6,
                   rej, u_ret < 0.05, resolved AND u_reo < 0.03,
                   1 + (u_rep < 0.2)::int,
                   CASE WHEN resolved AND u_fb < 0.3 THEN 1 ELSE 0 END,
                   CASE WHEN resolved AND u_fb >= 0.3 AND u_fb < 0.35 THEN 1 ELSE 0 END,
                   CASE WHEN rej THEN 'REJECTED' WHEN resolved AND u_close < 0.6 THEN 'CLOSED'
                        WHEN resolved THEN 'RESOLVED' WHEN u_acc < 0.95 THEN 'ACCEPTED' ELSE 'ASSIGNED' END,
                   3
            FROM (
                SELECT g, d, s, cm, gr, c, at, u_acc, u_res, u_close, u_ret, u_reo, u_rep, u_fb, rej,
                       (ARRAY[interval '30 minutes', interval '2 hours', interval '24 hours', interval '48 hours'])[c % 4 + 1] AS resp,
                       (ARRAY[interval '2 hours', interval '24 hours', interval '7 days', interval '15 days'])[c % 4 + 1] AS res,
                       NOT rej AND u_done < 0.92 AS resolved
                FROM (
                    SELECT g, g % 5 AS d, (g / 5) % 4 AS s, (g / 20) % 3 AS cm, (g / 60) % 10 AS gr, (g / 7) % 16 AS c,
                           timestamptz '2025-01-01 00:00:00+00' + ((g - 1 + random() * 50) / ?::float8) * interval '365 days' AS at,
                           random() AS u_acc, random() AS u_res, random() AS u_close, random() AS u_ret,
                           random() AS u_reo, random() AS u_rep, random() AS u_fb, random() AS u_done,
                           random() < 0.03 AS rej
                    FROM generate_series(?::bigint, ?::bigint) AS g
                ) raw
            ) t""";

    private StatsQueryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long tickets = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 10_000_000L;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        Path log = Path.of("bench", "target", "stats-bench-postgres.log").toAbsolutePath();
        System.out.printf(Locale.ROOT, "Statistics benchmark: %,d tickets, %d timed runs per query (PostgreSQL log: %s)%n", tickets, runs, log);
        // STATS_DB_URL: time the queries again on a database an earlier run loaded (kept running), without loading.
        String reuse = System.getenv("STATS_DB_URL");
        try (EmbeddedPostgresServer server = reuse == null ? EmbeddedPostgresServer.ephemeral(log) : null;
             Connection c = reuse == null ? DriverManager.getConnection(server.adminJdbcUrl(), server.username(), server.password())
                     : DriverManager.getConnection(reuse, "postgres", "")) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT version(), current_setting('work_mem'), current_setting('shared_buffers'), current_setting('fsync')")) {
                rs.next();
                System.out.printf("%s; work_mem %s, shared_buffers %s, fsync %s%n", rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
            }
            if (reuse == null) {
                Flyway.configure().dataSource(server.adminJdbcUrl(), server.username(), server.password())
                        .locations("classpath:db/migration").load().migrate();
                load(c, tickets);
            } else {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                        "SELECT count(*), (SELECT count(*) FROM stats_rollup) FROM ticket_fact")) {
                    rs.next();
                    System.out.printf(Locale.ROOT, "Reusing %s: %,d tickets, %,d rollup rows%n", reuse, rs.getLong(1), rs.getLong(2));
                }
            }
            System.out.println();
            StatsSql.Filter city = new StatsSql.Filter(NOW, FROM, TO, "YL", null, null, null);
            StatsSql.Filter cityUtcYear = new StatsSql.Filter(NOW, FROM_UTC, TO_UTC, "YL", null, null, null);
            StatsSql.Filter district = new StatsSql.Filter(NOW, FROM, TO, "YL-1", null, null, null);
            StatsSql.Filter oneDepartment = new StatsSql.Filter(NOW, FROM, TO, "YL", null, "D-07", null);
            // The service moves the overdue watermark every deadline check (30 s); an hour behind is a worst case.
            StatsSql.Filter hourAfterWatermark = new StatsSql.Filter(NOW.plusSeconds(3600), FROM, TO, "YL", null, null, null);
            // Exactness: the figures read from the rollup equal those counted straight from the facts.
            verify(c, StatsGroupBy.DEPARTMENT, 0, new StatsSql.Filter(NOW.plusSeconds(3600), FROM_UTC, TO_UTC, "YL", null, null, null),
                    "t.department_id");
            verify(c, StatsGroupBy.AREA, 5, city, "coalesce(t.area_path[5], 'UNLOCATED')");
            List<ResolutionCounts> rows = StatsSql.resolution(c, StatsGroupBy.DEPARTMENT, 0, city, ZONE);
            ResolutionCounts first = rows.get(0);
            System.out.printf(Locale.ROOT, "groupBy=department, city, 2025: %d rows; e.g. %s received %,d resolved %,d overdue %,d resolutionRate %.4f median %.2f h p90 %.2f h%n",
                    rows.size(), first.key(), first.received(), first.resolved(), first.overdue(), first.resolutionRate(),
                    first.medianHoursToResolve(), first.p90HoursToResolve());
            time("groupBy=department, whole city (all tickets), one year", runs, () -> StatsSql.resolution(c, StatsGroupBy.DEPARTMENT, 0, city, ZONE));
            time("  same, year in UTC (part-days at both ends from the facts)", runs, () -> StatsSql.resolution(c, StatsGroupBy.DEPARTMENT, 0, cityUtcYear, ZONE));
            time("groupBy=department, one district (1/5), one year", runs, () -> StatsSql.resolution(c, StatsGroupBy.DEPARTMENT, 0, district, ZONE));
            time("groupBy=month, one department (1/36), one year", runs, () -> StatsSql.resolution(c, StatsGroupBy.MONTH, 0, oneDepartment, ZONE));
            time("  same, \"now\" an hour after the overdue watermark", runs, () -> StatsSql.resolution(c, StatsGroupBy.DEPARTMENT, 0, hourAfterWatermark, ZONE));
            time("groupBy=category, whole city, one year", runs, () -> StatsSql.resolution(c, StatsGroupBy.CATEGORY, 0, city, ZONE));
            time("groupBy=area (5 districts), whole city, one year", runs, () -> StatsSql.resolution(c, StatsGroupBy.AREA, 2, city, ZONE));
            time("groupBy=area (20 streets), whole city, one year", runs, () -> StatsSql.resolution(c, StatsGroupBy.AREA, 3, city, ZONE));
            time("groupBy=area (60 communities), whole city, one year", runs, () -> StatsSql.resolution(c, StatsGroupBy.AREA, 4, city, ZONE));
            time("groupBy=area (600 grids), whole city, one year", runs, () -> StatsSql.resolution(c, StatsGroupBy.AREA, 5, city, ZONE));
            time("groupBy=day, whole city, one year", runs, () -> StatsSql.resolution(c, StatsGroupBy.DAY, 0, city, ZONE));
            time("groupBy=week, whole city, one year", runs, () -> StatsSql.resolution(c, StatsGroupBy.WEEK, 0, city, ZONE));
            time("groupBy=month, whole city, one year", runs, () -> StatsSql.resolution(c, StatsGroupBy.MONTH, 0, city, ZONE));
            time("overdue list, whole city, first page of 50", runs, () -> StatsSql.overdue(c, city, null, null, 51));
        }
    }

    /** Tickets generated straight into ticket_fact (indexes dropped meanwhile), then the rollup rebuilt from them. */
    static void load(Connection c, long tickets) throws SQLException {
        List<String> indexes = new ArrayList<>();
        long started = System.nanoTime();
        try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'ticket_fact'"
                    + " AND indexname <> 'ticket_fact_pkey'")) {
                while (rs.next()) {
                    indexes.add(rs.getString(2));
                }
            }
            for (String index : indexes) {
                st.execute("DROP INDEX " + index.replaceFirst("^CREATE INDEX (\\S+) ON .*$", "$1"));
            }
            st.execute("SET synchronous_commit = off");
            st.execute("SELECT setseed(0.42)");
        }
        for (long low = 1; low <= tickets; low += CHUNK) {
            long high = Math.min(tickets, low + CHUNK - 1);
            try (var ps = c.prepareStatement(GENERATE)) {
                ps.setLong(1, tickets + 50); // tickets are stored in roughly the order they are assigned, as in production
                ps.setLong(2, low);
                ps.setLong(3, high);
                ps.executeUpdate();
            }
            System.out.printf(Locale.ROOT, "  loaded %,d tickets (%.0f s)%n", high, (System.nanoTime() - started) / 1e9);
        }
        long loaded = System.nanoTime();
        try (Statement st = c.createStatement()) {
            for (String index : indexes) {
                st.execute(index);
            }
            st.execute("VACUUM (ANALYZE) ticket_fact");
        }
        long indexed = System.nanoTime();
        System.out.printf(Locale.ROOT, "  facts: rows %.0f s, %d indexes + VACUUM ANALYZE %.0f s%n",
                (loaded - started) / 1e9, indexes.size(), (indexed - loaded) / 1e9);
        // As the service does at start (StatsRollupZone), with its clock's "now" as the overdue watermark.
        long rollupRows = StatsSql.rebuild(c, ZONE, NOW);
        long rebuilt = System.nanoTime();
        try (Statement st = c.createStatement()) {
            st.execute("VACUUM (ANALYZE) stats_rollup");
        }
        long done = System.nanoTime();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT pg_size_pretty(pg_table_size('ticket_fact')), pg_size_pretty(pg_indexes_size('ticket_fact')),"
                        + " pg_size_pretty(pg_table_size('stats_rollup')), pg_size_pretty(pg_indexes_size('stats_rollup'))")) {
            rs.next();
            System.out.printf(Locale.ROOT, "  rollup rebuilt from the facts (StatsSql.rebuild): %,d rows in %.0f s (VACUUM ANALYZE of it %.0f s more)%n",
                    rollupRows, (rebuilt - indexed) / 1e9, (done - rebuilt) / 1e9);
            System.out.printf(Locale.ROOT, "Load total %.0f s; ticket_fact %s + indexes %s, stats_rollup %s + indexes %s%n",
                    (done - started) / 1e9, rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
        }
    }

    /**
     * Compares every row of a statistics query with the same figures counted from all the facts in one scan, by the
     * definitions of DESIGN.md section 7 (overdue at the query's "now"; percentile_cont over the bucketed minutes).
     */
    private static void verify(Connection c, StatsGroupBy groupBy, int level, StatsSql.Filter f, String key) throws SQLException {
        long started = System.nanoTime();
        Map<String, ResolutionCounts> got = new HashMap<>();
        for (ResolutionCounts r : StatsSql.resolution(c, groupBy, level, f, ZONE)) {
            got.put(r.key(), r);
        }
        String sql = "SELECT " + key + ", count(*), sum(t.reports), sum(t.rejected), sum(t.open),"
                + " count(*) FILTER (WHERE f.status NOT IN ('RESOLVED', 'CLOSED', 'REJECTED')"
                + "   AND (f.resolve_due_at < ? OR (f.accepted_at IS NULL AND f.response_due_at < ?))),"
                + " sum(t.resolved), sum(t.resolved_on_time), sum(t.accepted_on_time), sum(t.confirmed), sum(t.disputed),"
                + " sum(t.returned), sum(t.reopened),"
                + " percentile_cont(0.5) WITHIN GROUP (ORDER BY t.bucket) / 60, percentile_cont(0.9) WITHIN GROUP (ORDER BY t.bucket) / 60"
                + " FROM ticket_fact f, stats_ticket(f, ?, '-infinity') t WHERE f.assigned_at >= ? AND f.assigned_at < ? GROUP BY 1";
        int rows = 0;
        List<String> wrong = new ArrayList<>();
        try (var ps = c.prepareStatement(sql)) {
            ps.setObject(1, f.now().atOffset(ZoneOffset.UTC));
            ps.setObject(2, f.now().atOffset(ZoneOffset.UTC));
            ps.setString(3, ZONE.getId());
            ps.setObject(4, f.from().atOffset(ZoneOffset.UTC));
            ps.setObject(5, f.to().atOffset(ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows++;
                    ResolutionCounts r = got.remove(rs.getString(1));
                    long[] expected = new long[12];
                    for (int i = 0; i < 12; i++) {
                        expected[i] = rs.getLong(2 + i);
                    }
                    Double median = rs.getObject(14) == null ? null : rs.getDouble(14);
                    Double p90 = rs.getObject(15) == null ? null : rs.getDouble(15);
                    if (r == null || !Arrays.equals(expected, new long[] {r.received(), r.reports(), r.rejected(), r.open(),
                            r.overdue(), r.resolved(), r.resolvedOnTime(), r.acceptedOnTime(), r.confirmed(), r.disputed(),
                            r.returned(), r.reopened()}) || !near(median, r.medianHoursToResolve()) || !near(p90, r.p90HoursToResolve())) {
                        wrong.add(rs.getString(1) + ": facts " + Arrays.toString(expected) + " " + median + " " + p90 + ", rollup " + r);
                    }
                }
            }
        }
        wrong.addAll(got.keySet().stream().map(k -> k + ": only in the rollup").toList());
        System.out.printf(Locale.ROOT, "Exactness, groupBy=%s: %d rows compared with a scan of the facts, %s (%.0f s)%n",
                groupBy.name().toLowerCase(Locale.ROOT), rows, wrong.isEmpty() ? "all equal" : wrong.size() + " DIFFER: " + wrong,
                (System.nanoTime() - started) / 1e9);
    }

    private static boolean near(Double expected, Double actual) {
        return expected == null ? actual == null : actual != null && Math.abs(expected - actual) < 1e-9;
    }

    @FunctionalInterface
    private interface Query {
        Object run() throws SQLException;
    }

    private static void time(String name, int runs, Query query) throws SQLException {
        for (int i = 0; i < 3; i++) {
            query.run(); // warm-up: caches, plans
        }
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            query.run();
            ms.add((System.nanoTime() - t) / 1e6);
        }
        ms.sort(null);
        System.out.printf(Locale.ROOT, "%-60s p50 %8.1f ms   p99 %8.1f ms   min %8.1f ms   max %8.1f ms   (%d runs)%n", name,
                percentile(ms, 0.50), percentile(ms, 0.99), ms.get(0), ms.get(ms.size() - 1), runs);
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(List<Double> sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
