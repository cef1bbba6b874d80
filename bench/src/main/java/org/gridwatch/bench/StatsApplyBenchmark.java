package org.gridwatch.bench;

import static org.gridwatch.bench.StatsQueryBenchmark.percentile;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.flywaydb.core.Flyway;
import org.gridwatch.bench.load.Report;
import org.gridwatch.infra.EmbeddedPostgresServer;
import org.gridwatch.resolution.persistence.StatsSql;

/**
 * What the statistics cost on the event path: resolution's statistics consumers apply a poll of events in one
 * transaction ({@code TicketFactRepository.changing}: lock and read the poll's facts, change them, then
 * {@code stats_apply_change} writes each rollup row they count in once). On a database of N synthetic tickets (as
 * {@link StatsQueryBenchmark} loads them, rollup rebuilt), this times polls of each size of two kinds:
 * <ul>
 *   <li><b>new</b>: every event opens a ticket (a routing decision for a new report, what the pipeline's load
 *   brings: the fact goes from nothing to ASSIGNED);</li>
 *   <li><b>resolve</b>: every event resolves an open ticket of the loaded year (its contribution moves into the
 *   histograms of minutes to resolve, the dearest change).</li>
 * </ul>
 * Each poll is its own committed transaction, as in the service. Prints, per kind and poll size, the median and p90
 * of the whole poll and of {@code stats_apply_change} alone, per poll and per event. Run by hand; see bench/README.md.
 */
public final class StatsApplyBenchmark {

    private static final String ZONE = "Asia/Shanghai";
    private static final Instant NOW = Instant.parse("2026-01-15T00:00:00Z");

    private StatsApplyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long tickets = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 1_000_000L;
        int polls = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        int[] sizes = {1, 6, 50, 200};
        Path log = Path.of("bench", "target", "stats-apply-postgres.log").toAbsolutePath();
        System.out.printf(Locale.ROOT, "Statistics on the event path: %,d tickets loaded, %d polls per kind and size (PostgreSQL log: %s)%n",
                tickets, polls, log);
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.ephemeral(log);
             Connection c = DriverManager.getConnection(server.adminJdbcUrl(), server.username(), server.password())) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT version(), current_setting('fsync')")) {
                rs.next();
                System.out.printf("%s; fsync %s%n", rs.getString(1), rs.getString(2));
            }
            Flyway.configure().dataSource(server.adminJdbcUrl(), server.username(), server.password())
                    .locations("classpath:db/migration").load().migrate();
            StatsQueryBenchmark.load(c, tickets);
            c.setAutoCommit(false);
            Report report = new Report("stats-apply", "bench/run stats-apply " + tickets + " " + polls);
            report.line("%,d tickets loaded (StatsQueryBenchmark's synthetic year), rollup rebuilt; PostgreSQL 18 embedded, fsync off;", tickets);
            report.line("each poll one transaction as TicketFactRepository.changing runs it; %d timed polls per row after one untimed", polls);
            report.line("");
            report.line("| kind | events per poll | poll p50 ms | poll p90 ms | stats_apply_change p50 ms | p90 ms | per event: poll µs | stats_apply_change µs |");
            report.line("|---|---|---|---|---|---|---|---|");
            long next = tickets + 1_000_000;
            List<String> open = openTickets(c, (polls + 1L) * Arrays.stream(sizes).sum());
            int openAt = 0;
            for (int size : sizes) {
                for (String kind : List.of("new", "resolve")) {
                    if (kind.equals("resolve") && openAt + (polls + 1) * size > open.size()) {
                        report.line("| resolve | %d | (not enough open tickets: load more) | | | | | |", size);
                        continue;
                    }
                    List<double[]> timings = new ArrayList<>();
                    for (int p = -1; p < polls; p++) { // poll -1 is not timed: plans and caches
                        List<String> ids = new ArrayList<>();
                        for (int i = 0; i < size; i++) {
                            ids.add(kind.equals("new") ? "T-" + next++ : open.get(openAt++));
                        }
                        double[] t = poll(c, ids, kind.equals("new"));
                        if (p >= 0) {
                            timings.add(t);
                        }
                    }
                    List<Double> whole = timings.stream().map(t -> t[0]).sorted().toList();
                    List<Double> apply = timings.stream().map(t -> t[1]).sorted().toList();
                    report.line("| %s | %d | %.1f | %.1f | %.1f | %.1f | %,.0f | %,.0f |", kind, size,
                            percentile(whole, 0.5), percentile(whole, 0.9), percentile(apply, 0.5), percentile(apply, 0.9),
                            1000 * percentile(whole, 0.5) / size, 1000 * percentile(apply, 0.5) / size);
                }
            }
            report.write(Path.of("bench", "results").toAbsolutePath());
        }
    }

    /** Open tickets of the loaded year, in a scattered order. */
    private static List<String> openTickets(Connection c, long limit) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT ticket_id FROM ticket_fact WHERE status IN ('ASSIGNED', 'ACCEPTED')"
                + " ORDER BY md5(ticket_id) LIMIT ?")) {
            ps.setLong(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        c.commit();
        return ids;
    }

    /** One poll as TicketFactRepository.changing runs it; returns {whole poll ms, stats_apply_change ms}. */
    private static double[] poll(Connection c, List<String> ticketIds, boolean opening) throws SQLException {
        String[] ids = ticketIds.stream().sorted().toArray(String[]::new);
        long t0 = System.nanoTime();
        String before = StatsSql.lockFacts(c, ids);
        for (String id : ids) {
            int n = Math.abs(id.hashCode());
            if (opening) {
                try (PreparedStatement ps = c.prepareStatement("""
                        UPDATE ticket_fact SET department_id = ?, category = 'ROAD_DAMAGE', area_path = ?, grid_code = ?, hop = 0,
                            assigned_at = ?, response_due_at = ?, resolve_due_at = ?, reports = 1 WHERE ticket_id = ?""")) {
                    String grid = "YL-" + n % 5 + "-" + n % 4 + "-" + n % 3 + "-G" + n % 10;
                    ps.setString(1, "D-" + String.format("%02d", n % 36));
                    ps.setArray(2, c.createArrayOf("text", new String[] {"YL", "YL-" + n % 5, "YL-" + n % 5 + "-" + n % 4,
                            "YL-" + n % 5 + "-" + n % 4 + "-" + n % 3, grid}));
                    ps.setString(3, grid);
                    ps.setTimestamp(4, Timestamp.from(NOW));
                    ps.setTimestamp(5, Timestamp.from(NOW.plusSeconds(7200)));
                    ps.setTimestamp(6, Timestamp.from(NOW.plusSeconds(86_400)));
                    ps.setString(7, id);
                    ps.executeUpdate();
                }
            } else {
                try (PreparedStatement ps = c.prepareStatement("""
                        UPDATE ticket_fact SET status = 'RESOLVED', status_version = status_version + 1,
                            resolved_at = assigned_at + (? * interval '1 minute') WHERE ticket_id = ?""")) {
                    ps.setInt(1, 30 + n % 20_000);
                    ps.setString(2, id);
                    ps.executeUpdate();
                }
            }
        }
        long t1 = System.nanoTime();
        StatsSql.applyChange(c, before, ids, ZONE);
        long t2 = System.nanoTime();
        c.commit();
        long t3 = System.nanoTime();
        return new double[] {(t3 - t0) / 1e6, (t2 - t1) / 1e6};
    }
}
