package org.gridwatch.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.gridwatch.contracts.Topics;
import org.gridwatch.infra.ChildJvm;
import org.gridwatch.infra.Ports;
import org.gridwatch.infra.ServiceProcess;

/**
 * {@code bench/run intake}: intake-service beside its ceilings, on one broker in one run.
 * <ol>
 * <li>Kafka's own producer ({@code ProducerPerformance}, 1 KB records, acks=all, idempotent);</li>
 * <li>the bare Quarkus → Kafka endpoint of {@code bench/ceiling} (same producer settings as intake, no token,
 * no parsing, no database), as fast as wrk can drive it;</li>
 * <li>intake-service's {@code POST /api/v1/reports} (JWT, validation, idempotency, rate limit, acks=all), as fast as
 * wrk can drive it, with routing and resolution stopped so they take no CPU;</li>
 * <li>intake at a fixed offered rate (default 5,000 a second) for its latency.</li>
 * </ol>
 * Each wrk run is 30 s after a 30 s warm-up of each endpoint; the ceiling and intake alternate for
 * {@code rounds} rounds so that their ratio is taken from neighbouring runs.
 */
public final class IntakeBenchmark {

    private static final Pattern PERF = Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec .*?([\\d.]+) ms avg latency.*?"
            + "(\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th");

    private static final Duration WARM_UP = Duration.ofSeconds(30);

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int fixedRate = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        int connections = Integer.parseInt(System.getProperty("bench.connections", "32"));
        Duration run = Duration.ofSeconds(Long.getLong("bench.seconds", 30));
        Path project = Path.of(System.getProperty("gridwatch.home", ".")).toAbsolutePath();
        String compare = System.getProperty("bench.compare-jvm-options", "");
        String compareJar = System.getProperty("bench.compare-jar", "");
        Report report = new Report("intake", "bench/run intake " + rounds + " " + fixedRate
                + " (-Dbench.connections=" + connections + " -Dbench.seconds=" + run.toSeconds()
                + (compare.isBlank() ? "" : " -Dbench.compare-jvm-options='" + compare + "'")
                + (compareJar.isBlank() ? "" : " -Dbench.compare-jar=" + compareJar) + ")");
        Path state = Files.createTempDirectory("gridwatch-bench-intake");
        try (BenchStack stack = BenchStack.start(project, state)) {
            Path data = Riders.write(state.resolve("load"), 12_000, 20_000, 13);
            stack.service(BenchStack.ROUTING).stop();
            stack.service(BenchStack.RESOLUTION).stop();
            String ceilingTopic = "gridwatch.bench.ceiling";
            createTopic(stack.bootstrapServers(), ceilingTopic);
            int ceilingPort = Ports.free();
            ServiceProcess ceiling = stack.startApp("ceiling", project.resolve("bench/ceiling/target/quarkus-app/quarkus-run.jar"),
                    ceilingPort, Map.of("KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers(), "CEILING_PORT",
                            Integer.toString(ceilingPort), "CEILING_TOPIC", ceilingTopic));
            String ceilingUrl = ceiling.baseUrl() + "/reports";
            String intakeUrl = stack.service(BenchStack.INTAKE).baseUrl() + "/api/v1/reports";
            // A second intake instance measured in the same rounds, one instance at a time:
            // -Dbench.compare-jvm-options="..." adds JVM options (e.g. the old launcher's -XX:TieredStopAtLevel=1);
            // -Dbench.compare-jar=PATH runs another build (e.g. the commit before a change: its quarkus-run.jar).
            String compareUrl = null;
            String compareName = null;
            if (!compare.isBlank() || !compareJar.isBlank()) {
                if (!compare.isBlank()) {
                    stack.stack().withServiceEnvironment(Map.of("JAVA_TOOL_OPTIONS", compare));
                }
                compareName = "intake" + (compareJar.isBlank() ? "" : " from " + compareJar)
                        + (compare.isBlank() ? "" : " with " + compare);
                compareUrl = stack.stack().startInstance(BenchStack.INTAKE, "intake-compare", Ports.free(),
                        compareJar.isBlank() ? null : Path.of(compareJar)).baseUrl() + "/api/v1/reports";
                report.line("%s: a second instance, same database and broker", compareName);
            }
            Path wrkLog = state.resolve("wrk.log");

            report.line("2 cores for everything: Kafka, PostgreSQL, the service under test and wrk (2 threads, %d connections)",
                    connections);
            report.line("");
            String producer = producerPerformance(stack.bootstrapServers(), state.resolve("perf.log"));
            report.line("Kafka ProducerPerformance (500,000 x 1 KB, acks=all, idempotent): %s", producer);
            double raw = Double.parseDouble(producer.replaceAll(" rec/s.*", "").replace(",", ""));
            report.line("");
            report.line("| round | endpoint | 202/s | p50 | p99 | other answers | ratio to ceiling | ratio to Kafka producer |");
            report.line("|---|---|---|---|---|---|---|---|");
            // Warm-up: the JIT compiles the hot paths and Hibernate fills its plan caches.
            Wrk.run(ceilingUrl, data, 2, connections, WARM_UP, 0, wrkLog);
            Wrk.run(intakeUrl, data, 2, connections, WARM_UP, 0, wrkLog);
            if (compareUrl != null) {
                Wrk.run(compareUrl, data, 2, connections, WARM_UP, 0, wrkLog);
            }
            List<Double> ratios = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                Wrk.Result c = Wrk.run(ceilingUrl, data, 2, connections, run, 0, wrkLog);
                Wrk.Result i = Wrk.run(intakeUrl, data, 2, connections, run, 0, wrkLog);
                ratios.add(i.rate(202) / c.rate(202));
                row(report, round, "ceiling (bench/ceiling)", c, c.rate(202), raw);
                row(report, round, "intake POST /api/v1/reports", i, c.rate(202), raw);
                if (compareUrl != null) {
                    row(report, round, compareName, Wrk.run(compareUrl, data, 2, connections, run, 0, wrkLog),
                            c.rate(202), raw);
                }
            }
            Wrk.Result fixed = Wrk.run(intakeUrl, data, 2, Math.max(connections, 64), run, fixedRate, wrkLog);
            report.line("");
            report.line("intake at an offered %,d reports/s (%d connections): %,.0f 202/s, p50 %s, p90 %s, p99 %s, max %s, other answers %s",
                    fixedRate, Math.max(connections, 64), fixed.rate(202), ms(fixed.p50()), ms(fixed.p90()), ms(fixed.p99()),
                    ms(fixed.max()), others(fixed));
            report.line("");
            report.line("intake's verified-token cache over the whole run (VerifiedTokens): %s",
                    tokenCache(stack.service(BenchStack.INTAKE).baseUrl()));
            report.line("");
            report.line("intake / ceiling per round: %s (goal: at least 40%%)", ratios.stream()
                    .map(r -> String.format("%.1f%%", 100 * r)).toList());
            report.write(project.resolve("bench/results"));
        }
    }

    /** Hits and misses of the instance's verified-token cache, from its /q/metrics. */
    static String tokenCache(String baseUrl) {
        try {
            String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(baseUrl + "/q/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            Map<String, Double> gets = new java.util.TreeMap<>();
            Matcher m = Pattern.compile("(?m)^cache_gets_total\\{(?=[^}]*cache=\"verified-tokens\")[^}]*result=\"(\\w+)\"[^}]*} ([0-9.E+]+)$")
                    .matcher(metrics);
            while (m.find()) {
                gets.merge(m.group(1), Double.parseDouble(m.group(2)), Double::sum);
            }
            double hits = gets.getOrDefault("hit", 0.0);
            double all = hits + gets.getOrDefault("miss", 0.0);
            return all == 0 ? "no figures on /q/metrics" : String.format("%,.0f hits, %,.0f misses (%.0f%% hits)", hits,
                    all - hits, 100 * hits / all);
        } catch (IOException e) {
            return "/q/metrics unreadable: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static void row(Report report, int round, String name, Wrk.Result r, double ceiling, double raw) {
        report.line("| %d | %s | %,.0f | %s | %s | %s | %.1f%% | %.2f%% |", round, name, r.rate(202), ms(r.p50()), ms(r.p99()),
                others(r), 100 * r.rate(202) / ceiling, 100 * r.rate(202) / raw);
    }

    static String others(Wrk.Result r) {
        Map<String, Long> other = new java.util.TreeMap<>(r.status());
        other.remove("202");
        return (other.isEmpty() ? "none" : other.toString())
                + (r.socketErrors() + r.timeouts() > 0 ? ", socket errors " + r.socketErrors() + ", timeouts " + r.timeouts() : "");
    }

    static String ms(Duration d) {
        return String.format("%.1f ms", d.toNanos() / 1e6);
    }

    static void createTopic(String bootstrap, String topic) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(List.of(new NewTopic(topic, Topics.MAIN_PARTITIONS, (short) 1))).all().get();
        }
    }

    /** Kafka's ProducerPerformance as a child JVM; returns "N rec/s, avg .., p50 .., p99 ..". */
    static String producerPerformance(String bootstrap, Path log) throws IOException, InterruptedException {
        String topic = "gridwatch.bench.producer";
        try {
            createTopic(bootstrap, topic);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        List<String> command = ChildJvm.command(List.of("-Xmx512m"));
        command.addAll(List.of("org.apache.kafka.tools.ProducerPerformance", "--topic", topic, "--num-records", "500000",
                "--record-size", "1024", "--throughput", "-1", "--producer-props", "bootstrap.servers=" + bootstrap,
                "acks=all", "enable.idempotence=true"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        Files.writeString(log, out);
        Matcher m = PERF.matcher(out.lines().filter(l -> l.contains("records sent")).reduce((a, b) -> b).orElse(""));
        if (!m.find()) {
            throw new IllegalStateException("ProducerPerformance printed no summary; see " + log + ":\n" + out);
        }
        return String.format("%,.0f rec/s, avg %s ms, p50 %s ms, p95 %s ms, p99 %s ms", Double.parseDouble(m.group(2)),
                m.group(3), m.group(4), m.group(5), m.group(6));
    }
}
