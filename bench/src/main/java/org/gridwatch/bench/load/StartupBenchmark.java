package org.gridwatch.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.gridwatch.infra.Ports;
import org.gridwatch.infra.ServiceProcess;

/**
 * {@code bench/run startup [RUNS] [RATE]}: how long each service takes from its launch until {@code /q/health/ready}
 * answers 200, with the launcher's JVM settings, with Quarkus's AppCDS archive and without it in alternating starts of
 * the same run.
 *
 * <ul>
 *   <li><b>quiet</b>: the rest of the stack idle; the service is stopped gracefully and started again;</li>
 *   <li><b>under load</b>: a second intake instance takes RATE reports a second (default 100) from wrk, so that Kafka,
 *       PostgreSQL, routing and resolution are busy; the service is killed ({@code kill -9}, as a crash) and launched
 *       again. Relaunching intake leaves the second instance serving, as a deployment with two replicas would.</li>
 * </ul>
 * Each start also gives Quarkus's own "started in" and the resident memory once ready.
 */
public final class StartupBenchmark {

    private static final Pattern STARTED_IN = Pattern.compile("started in ([0-9.]+)s");
    private static final Duration READY_LIMIT = Duration.ofSeconds(120);
    /** How often readiness is asked while a start is timed (the launcher asks every 250 ms). */
    private static final Duration READY_POLL = Duration.ofMillis(20);
    private static final Duration LOAD_CHUNK = Duration.ofSeconds(20);
    private static final List<String> SERVICES = List.of(BenchStack.INTAKE, BenchStack.ROUTING, BenchStack.RESOLUTION);

    /**
     * One start: how long the stop before it took (SIGTERM → exit when quiet, {@code kill -9} under load), launch →
     * ready, Quarkus's "started in", the CPU time the JVM spent until ready, resident memory once ready, and whether
     * the JVM refused the archive it was given (it then warns "[cds] ... Unable to use shared archive" and starts as
     * without it).
     */
    private record Start(long stopMs, long readyMs, double startedInSeconds, double cpuSeconds, long rssMb, boolean archiveRefused) {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        Path project = Path.of(System.getProperty("gridwatch.home", ".")).toAbsolutePath();
        Report report = new Report("startup", "bench/run startup " + runs + " " + rate);
        Path state = Files.createTempDirectory("gridwatch-bench-startup");
        try (BenchStack stack = BenchStack.start(project, state)) {
            boolean archives = SERVICES.stream().allMatch(s -> stack.service(s).hasAppCdsArchive());
            report.line("2 cores for everything; each service with the launcher's JVM settings (%s); %d starts per service and variant,",
                    String.join(" ", ServiceProcess.JVM_OPTIONS), runs);
            report.line("the variants alternating: with the AppCDS archive the build wrote (-XX:SharedArchiveFile) and without it%s",
                    archives ? "" : " (NO ARCHIVE FOUND: both variants start without one)");
            report.line("");
            Map<String, Map<Boolean, List<Start>>> quiet = new LinkedHashMap<>();
            for (String service : SERVICES) {
                quiet.put(service, measure(stack.service(service), runs, false));
            }

            Path data = Riders.write(state.resolve("load"), 4_000, 50_000, 23);
            ServiceProcess loadIntake = stack.stack().startInstance(BenchStack.INTAKE, "intake-load", Ports.free());
            loadIntake.awaitReady(READY_LIMIT);
            AtomicBoolean done = new AtomicBoolean();
            AtomicLong accepted = new AtomicLong();
            AtomicLong loadNanos = new AtomicLong();
            String url = loadIntake.baseUrl() + "/api/v1/reports";
            CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
                while (!done.get()) {
                    Wrk.Result r = Wrk.run(url, data, 1, 16, LOAD_CHUNK, rate, state.resolve("wrk.log"));
                    accepted.addAndGet(r.count(202));
                    loadNanos.addAndGet(r.duration().toNanos());
                }
            });
            Map<String, Map<Boolean, List<Start>>> loaded = new LinkedHashMap<>();
            try {
                Thread.sleep(LOAD_CHUNK.toMillis()); // the load reaches every service before the first relaunch
                for (String service : SERVICES) {
                    loaded.put(service, measure(stack.service(service), runs, true));
                }
            } finally {
                done.set(true);
                load.join();
                loadIntake.stop();
            }

            report.line("| service | variant | quiet: graceful stop before, median (max) | quiet: ready, median (min-max) | Quarkus \"started in\", median | CPU until ready | RSS once ready | under load, killed and relaunched: ready, median (min-max) | \"started in\" | CPU | RSS |");
            report.line("|---|---|---|---|---|---|---|---|---|---|---|");
            for (String service : SERVICES) {
                for (boolean cds : List.of(true, false)) {
                    List<Start> q = quiet.get(service).get(cds);
                    List<Start> l = loaded.get(service).get(cds);
                    report.line("| %s | %s | %.1f s (%.1f) | %s | %.2f s | %.1f s | %d MB | %s | %.2f s | %.1f s | %d MB |", service, cds ? "AppCDS" : "without",
                            median(q.stream().map(s -> s.stopMs() / 1000.0).toList()),
                            q.stream().mapToDouble(s -> s.stopMs() / 1000.0).max().orElse(Double.NaN),
                            spread(q), median(q.stream().map(Start::startedInSeconds).toList()), median(q.stream().map(Start::cpuSeconds).toList()),
                            Math.round(median(q.stream().map(s -> (double) s.rssMb()).toList())),
                            spread(l), median(l.stream().map(Start::startedInSeconds).toList()), median(l.stream().map(Start::cpuSeconds).toList()),
                            Math.round(median(l.stream().map(s -> (double) s.rssMb()).toList())));
                }
            }
            long refused = Stream.concat(quiet.values().stream(), loaded.values().stream())
                    .flatMap(byVariant -> byVariant.get(true).stream()).filter(Start::archiveRefused).count();
            report.line("");
            report.line("starts with the archive that the JVM refused it (\"Unable to use shared archive\" in the log): %d", refused);
            report.line("load during the relaunches: %,.0f 202/s on the second intake instance (offered %d/s)",
                    accepted.get() / Math.max(1e-9, loadNanos.get() / 1e9), rate);
            report.write(project.resolve("bench/results"));
        }
    }

    /** {@code runs} starts with the archive and {@code runs} without, alternating (the first variant alternating too). */
    private static Map<Boolean, List<Start>> measure(ServiceProcess service, int runs, boolean crash) throws Exception {
        Map<Boolean, List<Start>> starts = new LinkedHashMap<>();
        starts.put(true, new ArrayList<>());
        starts.put(false, new ArrayList<>());
        for (int i = 0; i < runs; i++) {
            for (boolean cds : i % 2 == 0 ? List.of(true, false) : List.of(false, true)) {
                long s0 = System.nanoTime();
                if (crash) {
                    service.kill();
                } else {
                    service.stop();
                }
                long stopMs = (System.nanoTime() - s0) / 1_000_000;
                long logFrom = Files.exists(service.logFile()) ? Files.size(service.logFile()) : 0;
                long t0 = System.nanoTime();
                service.useAppCds(cds).start().awaitReady(READY_LIMIT, READY_POLL);
                long readyMs = (System.nanoTime() - t0) / 1_000_000;
                String log = logSince(service.logFile(), logFrom);
                starts.get(cds).add(new Start(stopMs, readyMs, startedIn(log), ProcessMeter.cpuSeconds(service.pid()), ProcessMeter.rssKb(service.pid()) / 1024,
                        log.contains("Unable to use shared archive")));
                System.out.printf("%s %s %s: ready after %d ms%n", service.name(), crash ? "relaunched under load" : "quiet",
                        cds ? "AppCDS" : "without", readyMs);
            }
        }
        service.useAppCds(true);
        return starts;
    }

    private static String logSince(Path log, long from) throws IOException {
        byte[] all = Files.readAllBytes(log);
        int start = (int) Math.min(from, all.length);
        return new String(all, start, all.length - start, StandardCharsets.UTF_8);
    }

    private static double startedIn(String log) {
        Matcher m = STARTED_IN.matcher(log);
        double seconds = Double.NaN;
        while (m.find()) {
            seconds = Double.parseDouble(m.group(1));
        }
        return seconds;
    }

    private static String spread(List<Start> starts) {
        List<Double> ms = starts.stream().map(s -> (double) s.readyMs()).toList();
        return String.format(Locale.ROOT, "**%.2f s** (%.2f-%.2f)", median(ms) / 1000,
                ms.stream().mapToDouble(d -> d).min().orElse(Double.NaN) / 1000, ms.stream().mapToDouble(d -> d).max().orElse(Double.NaN) / 1000);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().filter(v -> !v.isNaN()).sorted().toList();
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
