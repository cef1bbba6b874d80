package org.gridwatch.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.gridwatch.infra.demo.DemoCityLoader;
import org.gridwatch.infra.demo.DemoTraffic;

/**
 * The {@code ./gridwatch} command: {@code up [--demo]} runs the whole system until Ctrl-C, {@code down}
 * stops a running one, {@code token ROLE [--sub ID] [--dept DEPT] [--area AREA] [--aud AUDIENCE]} prints a development token.
 */
public final class Cli {

    private static final String USAGE = String.join("\n",
            "usage: ./gridwatch up [--demo]        run Kafka, PostgreSQL and the three services until Ctrl-C",
            "                                      (--demo: load the Yunlong demo city and keep simulated riders and",
            "                                       staff busy; GRIDWATCH_DEMO_RATE reports per minute, default 30)",
            "       ./gridwatch down               stop the stack that 'up' started",
            "       ./gridwatch token ROLE [--sub ID] [--dept DEPT] [--area AREA] [--aud AUDIENCE] [--ttl-hours N]",
            "                                      print a development JWT (roles: reporter, staff, supervisor, admin)",
            "",
            "environment: GRIDWATCH_DB_URL (+ GRIDWATCH_DB_USER, GRIDWATCH_DB_PASSWORD) use an existing PostgreSQL;",
            "             GRIDWATCH_KAFKA_BOOTSTRAP_SERVERS use an existing Kafka cluster;",
            "             GRIDWATCH_KAFKA_PORT (9092), GRIDWATCH_PG_PORT (5432), GRIDWATCH_STATE_DIR (.gridwatch)");

    private Cli() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println(USAGE);
            System.exit(2);
        }
        List<String> rest = List.of(args).subList(1, args.length);
        int code = switch (args[0]) {
            case "up" -> up(rest);
            case "down" -> down();
            case "token" -> token(rest);
            case "help", "--help", "-h" -> {
                System.out.println(USAGE);
                yield 0;
            }
            default -> {
                System.err.println("unknown command '" + args[0] + "'\n" + USAGE);
                yield 2;
            }
        };
        System.exit(code);
    }

    static int token(List<String> args) {
        if (args.isEmpty()) {
            System.err.println("token: which role? one of " + DevJwt.ROLES);
            return 2;
        }
        Map<String, String> options;
        DevJwt jwt;
        try {
            options = options(args.subList(1, args.size()), List.of("--sub", "--dept", "--area", "--aud", "--ttl-hours"));
            jwt = DevJwt.forRole(args.get(0));
        } catch (IllegalArgumentException e) {
            System.err.println("token: " + e.getMessage());
            return 2;
        }
        Optional.ofNullable(options.get("--sub")).ifPresent(jwt::subject);
        Optional.ofNullable(options.get("--dept")).ifPresent(jwt::dept);
        Optional.ofNullable(options.get("--area")).ifPresent(jwt::area);
        Optional.ofNullable(options.get("--aud")).ifPresent(jwt::audience);
        Optional.ofNullable(options.get("--ttl-hours")).map(Long::parseLong).map(Duration::ofHours).ifPresent(jwt::lifetime);
        if (args.get(0).equals("staff") && !options.containsKey("--dept")) {
            System.err.println("note: staff tokens normally carry --dept DEPARTMENT_ID");
        }
        if (args.get(0).equals("supervisor") && !options.containsKey("--area")) {
            System.err.println("note: supervisor tokens normally carry --area AREA_CODE");
        }
        System.out.println("# development token (issuer " + DevJwt.ISSUER + ", audience "
                + options.getOrDefault("--aud", DevJwt.AUDIENCE) + "), role " + args.get(0));
        System.out.println(jwt.sign());
        return 0;
    }

    static int up(List<String> args) {
        boolean demo = args.contains("--demo");
        Path project = Path.of(System.getProperty("gridwatch.home", ".")).toAbsolutePath().normalize();
        Path state = Path.of(env("GRIDWATCH_STATE_DIR", project.resolve(".gridwatch").toString())).toAbsolutePath();
        RunLock lock = new RunLock(state.resolve("run"));
        Optional<ProcessHandle> running = lock.runningLauncher();
        if (running.isPresent()) {
            System.err.println("GridWatch is already running (launcher pid " + running.get().pid() + ", state in " + state
                    + ").\nStop it with Ctrl-C in its terminal or with './gridwatch down', then run 'up' again.");
            return 3;
        }
        lock.cleanUpAfterCrash(state.resolve("postgres"));

        String dbUrl = System.getenv("GRIDWATCH_DB_URL");
        String kafka = System.getenv("GRIDWATCH_KAFKA_BOOTSTRAP_SERVERS");
        LocalStack.Settings settings = new LocalStack.Settings(project, state,
                kafka == null || kafka.isBlank() ? null : kafka,
                Integer.parseInt(env("GRIDWATCH_KAFKA_PORT", "9092")),
                Integer.parseInt(env("GRIDWATCH_PG_PORT", "5432")),
                dbUrl == null || dbUrl.isBlank() ? null : dbUrl,
                env("GRIDWATCH_DB_USER", "postgres"), env("GRIDWATCH_DB_PASSWORD", ""),
                LocalStack.Settings.DEFAULT_SERVICES);
        List<Integer> busy = settings.ports().stream().filter(p -> !Ports.isFree(p)).toList();
        if (!busy.isEmpty()) {
            System.err.println("Cannot start: port(s) " + busy + " on 127.0.0.1 are taken by another program.\n"
                    + "Stop it, or move GridWatch with GRIDWATCH_KAFKA_PORT / GRIDWATCH_PG_PORT.");
            return 3;
        }

        lock.acquire();
        long t0 = System.nanoTime();
        LocalStack stack = new LocalStack(settings);
        AtomicReference<DemoTraffic> traffic = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread shutdown = new Thread(() -> {
            System.out.println("\nStopping GridWatch ...");
            if (traffic.get() != null) {
                traffic.get().close();
            }
            stack.close();
            lock.release();
            System.out.println("Stopped.");
            stopped.countDown();
        }, "gridwatch-stop");
        Runtime.getRuntime().addShutdownHook(shutdown);
        System.out.println("Starting GridWatch: " + (settings.externalKafka() == null ? "embedded Kafka"
                : "Kafka at " + settings.externalKafka()) + ", " + (settings.externalDbUrl() == null ? "embedded PostgreSQL"
                : "PostgreSQL at " + settings.externalDbUrl()) + ", three services (state in " + state + ") ...");
        try {
            stack.start();
        } catch (RuntimeException e) {
            System.err.println("GridWatch did not start: " + e.getMessage());
            return 1;
        }
        if (stack.kafka() != null) {
            lock.record("kafka", stack.kafka().pid());
        }
        stack.services().forEach(s -> lock.record(s.name(), s.pid()));
        String demoLoaded = null;
        if (demo) {
            try {
                demoLoaded = new DemoCityLoader(stack.service("routing-service").baseUrl()).load();
                int rate = Integer.parseInt(env("GRIDWATCH_DEMO_RATE", "30"));
                traffic.set(new DemoTraffic(stack.service("intake-service").baseUrl(),
                        stack.service("resolution-service").baseUrl()).start(rate));
                demoLoaded += " (routing-service admin API).\n--demo: simulated riders send " + rate
                        + " reports a minute (GRIDWATCH_DEMO_RATE) and department staff work them every 5 s.";
            } catch (RuntimeException e) {
                System.err.println("Loading the demo city failed: " + e.getMessage());
            }
        }
        printWelcome(stack, settings, Duration.ofNanos(System.nanoTime() - t0), demoLoaded);
        try {
            stopped.await();
            shutdown.join(TimeUnit.MINUTES.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    static int down() {
        Path project = Path.of(System.getProperty("gridwatch.home", ".")).toAbsolutePath().normalize();
        Path state = Path.of(env("GRIDWATCH_STATE_DIR", project.resolve(".gridwatch").toString())).toAbsolutePath();
        Optional<ProcessHandle> running = new RunLock(state.resolve("run")).runningLauncher();
        if (running.isEmpty()) {
            System.out.println("GridWatch is not running.");
            return 0;
        }
        running.get().destroy();
        running.get().onExit().orTimeout(3, TimeUnit.MINUTES).join();
        System.out.println("Stopped GridWatch (launcher pid " + running.get().pid() + ").");
        return 0;
    }

    private static void printWelcome(LocalStack stack, LocalStack.Settings settings, Duration took, String demoLoaded) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%nGridWatch is up (%.1f s).%n%n", took.toMillis() / 1000.0));
        for (ServiceProcess s : stack.services()) {
            out.append(String.format("  %-19s %s   (API docs %s/q/swagger-ui, log %s)%n",
                    s.name(), s.baseUrl(), s.baseUrl(), s.logFile()));
        }
        out.append(String.format("  %-19s %s%s%n", "kafka", stack.bootstrapServers(),
                stack.kafka() == null ? "" : "   (log " + stack.kafka().logFile() + ")"));
        out.append(String.format("  %-19s %s%n", "postgresql",
                settings.externalDbUrl() != null ? settings.externalDbUrl()
                        : stack.postgres().adminJdbcUrl() + "   (log " + stack.logDir().resolve("postgres.log") + ")"));
        if (demoLoaded != null) {
            out.append("\n--demo: loaded the ").append(demoLoaded).append("\n");
        } else {
            out.append("\nRouting has no city yet: reports wait in Kafka until areas, departments and rules are loaded\n"
                    + "(./gridwatch up --demo loads the Yunlong demo city).\n");
        }
        String token = DevJwt.forRole("reporter").subject("meituan:88231").sign();
        String intake = stack.service("intake-service").baseUrl();
        out.append("\nA development token of rider meituan:88231 (other roles: ./gridwatch help):\n\n  TOKEN=")
                .append(token).append("\n\nTry:\n")
                .append("  curl -s -H \"Authorization: Bearer $TOKEN\" ").append(intake).append("/api/v1/categories\n")
                .append("  curl -s -X POST -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' \\\n")
                .append("    -d '{\"category\":\"MANHOLE_COVER\",\"description\":\"Manhole cover missing\",")
                .append("\"location\":{\"lat\":34.2045,\"lon\":117.2838}}' ").append(intake).append("/api/v1/reports\n")
                .append("  curl -s -H \"Authorization: Bearer $TOKEN\" ").append(intake).append("/api/v1/reports\n")
                .append("\nCtrl-C stops everything; data stays in ").append(settings.stateDir()).append(".\n");
        System.out.print(out);
        System.out.flush();
    }

    private static Map<String, String> options(List<String> args, List<String> known) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String name = args.get(i);
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option " + name + " (known: " + known + ")");
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            options.put(name, args.get(++i));
        }
        return options;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /**
     * The pid files under {@code .gridwatch/run}: one for the launcher, which makes a second {@code up}
     * refuse to start, and one per child, so that children orphaned by a killed launcher are stopped on
     * the next {@code up}. Each file holds the pid and the process's start time, so a pid that the
     * system has since given to another program is never mistaken for ours.
     */
    static final class RunLock {
        private final Path dir;

        RunLock(Path dir) {
            this.dir = dir;
        }

        Optional<ProcessHandle> runningLauncher() {
            return read(dir.resolve("launcher.pid"));
        }

        void acquire() {
            record("launcher", ProcessHandle.current().pid());
        }

        void record(String name, long pid) {
            ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
            long started = process.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L);
            try {
                Files.createDirectories(dir);
                Files.writeString(dir.resolve(name + ".pid"), pid + " " + started);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void release() {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            } catch (IOException ignored) {
                // nothing to release
            }
        }

        /** Stops what a killed launcher left running: its children, and PostgreSQL if embedded. */
        void cleanUpAfterCrash(Path postgresData) {
            List<ProcessHandle> orphans = new ArrayList<>();
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    files.filter(f -> !f.getFileName().toString().equals("launcher.pid"))
                            .forEach(f -> read(f).ifPresent(orphans::add));
                } catch (IOException ignored) {
                    // nothing recorded
                }
            }
            postmasterPid(postgresData.resolve("postmaster.pid")).flatMap(ProcessHandle::of)
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                    .ifPresent(orphans::add);
            if (!orphans.isEmpty()) {
                System.out.println("Stopping " + orphans.size() + " process(es) left by an earlier run ...");
                orphans.forEach(ProcessHandle::destroy);
                orphans.forEach(p -> p.onExit().completeOnTimeout(p, 30, TimeUnit.SECONDS).join());
                orphans.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            }
            release();
        }

        /** The live process a pid file names, if it is still the one that was recorded. */
        private static Optional<ProcessHandle> read(Path file) {
            try {
                if (!Files.isRegularFile(file)) {
                    return Optional.empty();
                }
                String[] fields = Files.readString(file).trim().split(" ");
                long started = Long.parseLong(fields[1]);
                return ProcessHandle.of(Long.parseLong(fields[0]))
                        .filter(ProcessHandle::isAlive)
                        .filter(p -> p.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L) == started);
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }

        /** PostgreSQL's own pid file: the postmaster's pid is its first line. */
        private static Optional<Long> postmasterPid(Path file) {
            try {
                return Files.isRegularFile(file)
                        ? Optional.of(Long.parseLong(Files.readAllLines(file).get(0).trim()))
                        : Optional.empty();
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }
    }
}
