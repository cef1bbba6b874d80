package org.gridwatch.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.gridwatch.infra.LocalStack;
import org.gridwatch.infra.Ports;
import org.gridwatch.infra.ServiceProcess;
import org.gridwatch.infra.demo.DemoCityLoader;

/**
 * The system as {@code ./gridwatch up} runs it (one Kafka node, embedded PostgreSQL with durable commits, the three
 * packaged services with the launcher's JVM settings), on free ports, with its state in a fresh folder, and the demo
 * city loaded.
 */
public final class BenchStack implements AutoCloseable {

    public static final String INTAKE = "intake-service";
    public static final String ROUTING = "routing-service";
    public static final String RESOLUTION = "resolution-service";

    private final LocalStack stack;
    private final Path state;
    private final List<ServiceProcess> apps = new java.util.ArrayList<>();

    private BenchStack(LocalStack stack, Path state) {
        this.stack = stack;
        this.state = state;
    }

    public static BenchStack start(Path project, Path state) {
        int kafkaPort = Ports.freePair();
        LocalStack.Settings settings = new LocalStack.Settings(project, state, null, kafkaPort, Ports.free(), null,
                "postgres", "", List.of(
                        new LocalStack.ServiceSpec(INTAKE, Ports.free(), "gridwatch_intake"),
                        new LocalStack.ServiceSpec(ROUTING, Ports.free(), "gridwatch_routing"),
                        new LocalStack.ServiceSpec(RESOLUTION, Ports.free(), "gridwatch_resolution")));
        LocalStack stack = new LocalStack(settings);
        // -Dbench.service-jvm-options="-XX:StartFlightRecording=..." profiles the services under load.
        String jvmOptions = System.getProperty("bench.service-jvm-options", "");
        if (!jvmOptions.isBlank()) {
            stack.withServiceEnvironment(Map.of("JAVA_TOOL_OPTIONS", jvmOptions));
        }
        stack.start();
        BenchStack bench = new BenchStack(stack, state);
        try {
            new DemoCityLoader(stack.service(ROUTING).baseUrl()).load();
        } catch (RuntimeException e) {
            bench.close();
            throw e;
        }
        return bench;
    }

    public LocalStack stack() {
        return stack;
    }

    public ServiceProcess service(String name) {
        return stack.service(name);
    }

    public String bootstrapServers() {
        return stack.bootstrapServers();
    }

    public String jdbcUrl(String database) {
        return stack.postgres().jdbcUrl(database);
    }

    /** Starts another packaged Quarkus application (the ceiling endpoint) beside the stack, with its own log. */
    public ServiceProcess startApp(String name, Path jar, int port, Map<String, String> environment) {
        ServiceProcess app = new ServiceProcess(name, jar, port, environment, stack.logDir().resolve(name + ".log")).start();
        apps.add(app);
        app.awaitReady(Duration.ofSeconds(60));
        return app;
    }

    @Override
    public void close() {
        apps.forEach(ServiceProcess::stop);
        stack.close();
        try (Stream<Path> files = Files.walk(state)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
