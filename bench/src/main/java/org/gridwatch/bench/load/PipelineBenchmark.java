package org.gridwatch.bench.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.gridwatch.contracts.Topics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code bench/run pipeline [RATES] [SECONDS]}: reports through intake → routing → resolution, all on this machine,
 * at each offered rate for SECONDS (default 60), after a warm-up.
 *
 * <p>For each rate: the 202s a second wrk got; once the services have caught up (every report on the reports topic is
 * on a ticket in resolution), an audit of every report of the window, and the latency from the report's record on
 * the reports topic (intake sends it just before its 202) to the moment resolution committed the report onto its
 * ticket, when the ticket is in the department's list ({@code processed_event.processed_at} of the assignment); also to
 * routing's decision (the assignment record's timestamp). Then it waits until every consumer group has read to the end
 * of its partitions (the riders' view in intake and the statistics too). CPU per report is each process's CPU time
 * from the window's start until then, over the reports of the window. A rate is sustained when 202s reach 95% of it,
 * nothing other than 202 is answered, every consumer is done within 10 s of the window's end and the latency p99 is at
 * most 1 s. With {@code pg_stat_statements} loaded ({@code -Dgridwatch.postgres.settings}), it prints PostgreSQL's
 * statements of the windows by time spent.
 */
public final class PipelineBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CATCH_UP_LIMIT = Duration.ofMinutes(10);
    /** Longer than intake's publish timeout (5 s). */
    private static final Duration SETTLE = Duration.ofSeconds(7);
    private static final Duration IDLE = Duration.ofSeconds(20);
    private static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("bench.warm-up-seconds", 60));

    public static void main(String[] args) throws Exception {
        List<Integer> rates = Arrays.stream((args.length > 0 ? args[0] : "200,500,1000").split(",")).map(Integer::parseInt).toList();
        Duration window = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 60);
        int connections = Integer.parseInt(System.getProperty("bench.connections", "64"));
        Path project = Path.of(System.getProperty("gridwatch.home", ".")).toAbsolutePath();
        Report report = new Report("pipeline", "bench/run pipeline " + args0(args) + " " + window.toSeconds()
                + " (-Dbench.connections=" + connections + ")");
        Path state = Files.createTempDirectory("gridwatch-bench-pipeline");
        try (BenchStack stack = BenchStack.start(project, state)) {
            int riders = Math.max(4_000, rates.stream().mapToInt(r -> r).sum() * (int) window.toSeconds() / 30);
            Path data = Riders.write(state.resolve("load"), riders, 50_000, 17);
            Map<String, Long> pids = new HashMap<>();
            for (String s : List.of(BenchStack.INTAKE, BenchStack.ROUTING, BenchStack.RESOLUTION)) {
                pids.put(s, stack.service(s).pid());
            }
            pids.put("kafka", stack.stack().kafka().pid());
            pids.put("postgresql", postgresPid(stack));
            String url = stack.service(BenchStack.INTAKE).baseUrl() + "/api/v1/reports";
            Path wrkLog = state.resolve("wrk.log");
            report.line("2 cores for everything: Kafka, PostgreSQL (durable commits), the three services and wrk (2 threads, %d connections);",
                    connections);
            report.line("%,d riders, reports of about 1 KB at random points of the demo city's 570 grids, 10 categories", riders);
            report.line("");
            // The JIT compiles the hot paths and Hibernate fills its plan caches in the first minute; before that a
            // service spends more CPU on compiling than on reports.
            Wrk.run(url, data, 2, connections, WARM_UP, rates.get(0), wrkLog);
            Audit warm = catchUp(stack, 0, Duration.ZERO);
            report.line("warm-up: %d s at %d/s, %,d reports, caught up", WARM_UP.toSeconds(), rates.get(0), warm.reports);
            report.line("");
            report.line("| offered/s | 202/s | other answers | POST p50 | POST p99 | reports | decided once | ticketed once | ticketed after | every consumer after | 202→ticket p50 | p99 | max | 202→decision p99 | sustained |");
            report.line("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
            List<String> cpuLines = new ArrayList<>();
            boolean statements = resetStatements(stack);
            long before = warm.reports;
            try (ProcessMeter meter = new ProcessMeter(pids)) {
                Map<String, Double> idle0 = meter.cpuSeconds();
                Thread.sleep(IDLE.toMillis());
                Map<String, Double> idle1 = meter.cpuSeconds();
                StringBuilder idle = new StringBuilder("idle, no load (" + IDLE.toSeconds() + " s), share of one core:");
                for (String p : new java.util.TreeSet<>(pids.keySet())) {
                    idle.append(String.format(" %s %.1f%%", p, 100 * (idle1.get(p) - idle0.get(p)) / IDLE.toSeconds()));
                }
                cpuLines.add(idle.toString());
                for (int rate : rates) {
                    Map<String, Double> cpu0 = meter.cpuSeconds();
                    long start = System.currentTimeMillis();
                    Wrk.Result r = Wrk.run(url, data, 2, connections, window, rate, wrkLog);
                    long end = System.currentTimeMillis();
                    Audit audit = catchUp(stack, start, Duration.ofMillis(System.currentTimeMillis() - end));
                    Map<String, Double> cpu1 = meter.cpuSeconds();
                    long reports = audit.reports - before;
                    before = audit.reports;
                    boolean sustained = r.rate(202) >= 0.95 * rate && r.status().size() == 1 && r.socketErrors() == 0
                            && audit.allConsumedAfter.compareTo(Duration.ofSeconds(10)) <= 0 && audit.visibleP99Ms <= 1000
                            && audit.decidedOnce && audit.ticketedOnce;
                    report.line("| %,d | %,.0f | %s | %s | %s | %,d | %s | %s | %.1f s | %.1f s | %d ms | %d ms | %d ms | %d ms | %s |", rate,
                            r.rate(202), IntakeBenchmark.others(r), IntakeBenchmark.ms(r.p50()), IntakeBenchmark.ms(r.p99()), reports,
                            audit.decidedOnce ? "yes" : "NO: " + audit.problems, audit.ticketedOnce ? "yes" : "NO: " + audit.problems,
                            audit.caughtUpAfter.toMillis() / 1000.0, audit.allConsumedAfter.toMillis() / 1000.0, audit.visibleP50Ms, audit.visibleP99Ms, audit.visibleMaxMs,
                            audit.decisionP99Ms, sustained ? "yes" : "no");
                    StringBuilder line = new StringBuilder(String.format("%,d/s:", rate));
                    for (String p : new java.util.TreeSet<>(pids.keySet())) {
                        line.append(String.format(" %s %,.0f µs", p, 1e6 * (cpu1.get(p) - cpu0.get(p)) / Math.max(1, reports)));
                    }
                    line.append(String.format("; peak RSS MB: intake %d, routing %d, resolution %d",
                            meter.peakRssMb(BenchStack.INTAKE), meter.peakRssMb(BenchStack.ROUTING), meter.peakRssMb(BenchStack.RESOLUTION)));
                    cpuLines.add(line.toString());
                }
            }
            report.line("");
            report.line("CPU per report (each process's CPU time from the window's start until every consumer was done, over the window's reports):");
            cpuLines.forEach(l -> report.line("- %s", l));
            if (statements) {
                statementProfile(stack, before - warm.reports, report);
            }
            report.write(project.resolve("bench/results"));
        }
    }

    private static String args0(String[] args) {
        return args.length > 0 ? args[0] : "200,500,1000";
    }

    private static long postgresPid(BenchStack stack) throws Exception {
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl("gridwatch_resolution"), "postgres", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_postmaster_pid()")) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            // pg_postmaster_pid() does not exist; the postmaster is the parent of this backend
            try (Connection c = DriverManager.getConnection(stack.jdbcUrl("gridwatch_resolution"), "postgres", "");
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                return ProcessHandle.of(rs.getLong(1)).flatMap(ProcessHandle::parent).map(ProcessHandle::pid).orElse(-1L);
            }
        }
    }

    /**
     * With {@code -Dgridwatch.postgres.settings=shared_preload_libraries=pg_stat_statements}: creates the extension and
     * clears its counters, so that the profile printed at the end covers the windows; false when it is not loaded.
     */
    private static boolean resetStatements(BenchStack stack) throws Exception {
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl("postgres"), "postgres", "");
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SHOW shared_preload_libraries")) {
                rs.next();
                if (!rs.getString(1).contains("pg_stat_statements")) {
                    return false;
                }
            }
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            s.execute("SELECT pg_stat_statements_reset()");
            return true;
        }
    }

    /** PostgreSQL's statements of the windows by time spent (planning and execution), per report. */
    private static void statementProfile(BenchStack stack, long reports, Report report) throws Exception {
        report.line("");
        report.line("PostgreSQL statements of the windows (pg_stat_statements), by time spent planning and executing, per report (%,d reports):", reports);
        report.line("");
        report.line("| database | calls/report | µs/report | mean µs | rows/call | statement |");
        report.line("|---|---|---|---|---|---|");
        String sql = """
                SELECT d.datname, s.calls, s.total_plan_time + s.total_exec_time AS ms, s.rows, regexp_replace(s.query, '\\s+', ' ', 'g')
                FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
                ORDER BY ms DESC LIMIT 30""";
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl("postgres"), "postgres", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                long calls = rs.getLong(2);
                String query = rs.getString(5);
                report.line("| %s | %.2f | %,.0f | %,.0f | %.1f | `%s` |", rs.getString(1).replace("gridwatch_", ""),
                        (double) calls / Math.max(1, reports), 1000 * rs.getDouble(3) / Math.max(1, reports),
                        1000 * rs.getDouble(3) / Math.max(1, calls), (double) rs.getLong(4) / Math.max(1, calls),
                        query.length() > 160 ? query.substring(0, 160) + "…" : query);
            }
        }
    }

    /** What the audit of all reports so far found. */
    record Audit(long reports, boolean decidedOnce, boolean ticketedOnce, List<String> problems, Duration caughtUpAfter,
                 Duration allConsumedAfter, long visibleP50Ms, long visibleP99Ms, long visibleMaxMs, long decisionP99Ms) {
    }

    /**
     * Waits until every report on the reports topic is on a ticket in resolution, then audits the reports sent since
     * {@code windowStart} (epoch ms; 0 for all).
     */
    private static Audit catchUp(BenchStack stack, long windowStart, Duration alreadyWaited) throws Exception {
        long t0 = System.nanoTime();
        Map<UUID, Long> sentAt = new HashMap<>();
        Map<UUID, List<String>> decisions = new HashMap<>();
        Map<String, Long> decisionAt = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = consumer(stack.bootstrapServers())) {
            // wrk leaves requests in flight when its time is up; intake may still publish them until its publish timeout.
            long settled = t0 + SETTLE.toNanos();
            long deadline = System.nanoTime() + CATCH_UP_LIMIT.toNanos();
            long equalSince = -1;
            while (true) {
                readAll(consumer, Topics.REPORTS, rec -> sentAt.putIfAbsent(UUID.fromString(JSON.readTree(rec.value()).path("reportId").asText()),
                        rec.timestamp()));
                long ticketed = count(stack, "SELECT count(*) FROM ticket_report");
                long now = System.nanoTime();
                if (ticketed >= sentAt.size()) {
                    equalSince = equalSince < 0 ? now : equalSince;
                    if (now > settled) {
                        break;
                    }
                } else {
                    equalSince = -1;
                }
                if (now > deadline) {
                    throw new IllegalStateException("resolution has " + ticketed + " of " + sentAt.size() + " reports after " + CATCH_UP_LIMIT);
                }
                Thread.sleep(200);
            }
            Duration caughtUp = alreadyWaited.plusNanos(equalSince - t0);
            // The rest of the flow (the riders' view in intake, the statistics, ...) must be done too before CPU is read.
            Duration allConsumed = alreadyWaited.plusNanos(awaitNoLag(stack.bootstrapServers(), deadline) - t0);
            readAll(consumer, Topics.ASSIGNMENTS, rec -> {
                JsonNode e = JSON.readTree(rec.value());
                UUID report = UUID.fromString(e.path("reportId").asText());
                String eventId = e.path("eventId").asText();
                List<String> ids = decisions.computeIfAbsent(report, k -> new ArrayList<>());
                if (!ids.contains(eventId)) {
                    ids.add(eventId);
                }
                decisionAt.putIfAbsent(eventId, rec.timestamp());
            });
            List<String> problems = new ArrayList<>();
            boolean decidedOnce = true;
            for (UUID report : sentAt.keySet()) {
                int n = decisions.getOrDefault(report, List.of()).size();
                if (n != 1) {
                    decidedOnce = false;
                    if (problems.size() < 5) {
                        problems.add(report + " decided " + n + " times");
                    }
                }
            }
            Map<String, Long> visibleAt = new HashMap<>();
            long ticketRows;
            long distinctTickets;
            try (Connection c = DriverManager.getConnection(stack.jdbcUrl("gridwatch_resolution"), "postgres", "");
                 Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT event_id, processed_at FROM processed_event WHERE consumer = 'resolution.assignments'")) {
                    while (rs.next()) {
                        visibleAt.put(rs.getString(1), rs.getTimestamp(2).getTime());
                    }
                }
                try (ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT report_id) FROM ticket_report")) {
                    rs.next();
                    ticketRows = rs.getLong(1);
                    distinctTickets = rs.getLong(2);
                }
            }
            boolean ticketedOnce = ticketRows == sentAt.size() && distinctTickets == sentAt.size();
            if (!ticketedOnce) {
                problems.add("ticket_report rows " + ticketRows + " for " + sentAt.size() + " reports");
            }
            List<Long> visible = new ArrayList<>();
            List<Long> decided = new ArrayList<>();
            sentAt.forEach((report, at) -> {
                if (at < windowStart) {
                    return;
                }
                for (String eventId : decisions.getOrDefault(report, List.of())) {
                    Long v = visibleAt.get(eventId);
                    if (v != null) {
                        visible.add(v - at);
                    }
                    decided.add(decisionAt.get(eventId) - at);
                }
            });
            visible.sort(null);
            decided.sort(null);
            return new Audit(sentAt.size(), decidedOnce, ticketedOnce, problems, caughtUp, allConsumed, pct(visible, 50), pct(visible, 99),
                    visible.isEmpty() ? 0 : visible.get(visible.size() - 1), pct(decided, 99));
        }
    }

    /**
     * Waits until every consumer group of the services has read every partition it reads to its end (nothing left to
     * consume anywhere); returns {@link System#nanoTime()} at that moment.
     */
    private static long awaitNoLag(String bootstrap, long deadline) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            while (true) {
                long lag = 0;
                for (var group : admin.listConsumerGroups().all().get()) {
                    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
                            .partitionsToOffsetAndMetadata().get();
                    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                    committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
                    var ends = admin.listOffsets(latest).all().get();
                    for (var e : committed.entrySet()) {
                        if (e.getValue() != null) {
                            lag += Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset());
                        }
                    }
                }
                long now = System.nanoTime();
                if (lag == 0) {
                    return now;
                }
                if (now > deadline) {
                    throw new IllegalStateException("consumers still " + lag + " records behind after " + CATCH_UP_LIMIT);
                }
                Thread.sleep(200);
            }
        }
    }

    private static long pct(List<Long> sorted, int p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static long count(BenchStack stack, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl("gridwatch_resolution"), "postgres", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    interface RecordHandler {
        void accept(ConsumerRecord<String, String> record) throws Exception;
    }

    private static KafkaConsumer<String, String> consumer(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        return new KafkaConsumer<>(p);
    }

    /** Reads {@code topic} to its current end: from its beginning, or on from where the last call for it stopped. */
    private static void readAll(KafkaConsumer<String, String> consumer, String topic, RecordHandler handler) throws Exception {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        if (!consumer.assignment().equals(new java.util.HashSet<>(partitions))) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            for (ConsumerRecord<String, String> rec : consumer.poll(Duration.ofMillis(500))) {
                handler.accept(rec);
            }
        }
    }
}
