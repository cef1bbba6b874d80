package org.gridwatch.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.TopicConfig;
import org.gridwatch.contracts.TopicSpec;
import org.gridwatch.contracts.Topics;
import org.gridwatch.infra.EmbeddedPostgresServer;
import org.gridwatch.infra.KafkaCluster;
import org.gridwatch.infra.LocalStack;
import org.gridwatch.infra.Ports;
import org.gridwatch.infra.ServiceProcess;
import org.gridwatch.infra.demo.DemoCityLoader;

/**
 * The whole system as a city would run it, for the fault scenarios: a three-node Kafka cluster (KRaft; every
 * topic with three replicas, two in sync), embedded PostgreSQL, and the three packaged services as separate
 * processes, with the demo city loaded. Unlike {@link SystemStack} it belongs to one class, which kills and
 * restarts its parts.
 */
final class FaultStack implements AutoCloseable {

    static final String INTAKE = "intake-service";
    static final String ROUTING = "routing-service";
    static final String RESOLUTION = "resolution-service";
    /**
     * Routing's {@code gridwatch.routing.publish.alert-after} here: how long it waits for Kafka before it alerts (where
     * it used to give the decision up and dead-letter the report), short so that an outage of the scenarios outlasts it.
     */
    static final Duration ROUTING_ALERT_AFTER = Duration.ofSeconds(10);

    private final KafkaCluster kafka;
    private final LocalStack stack;
    private final Path stateDir;

    private FaultStack(KafkaCluster kafka, LocalStack stack, Path stateDir) {
        this.kafka = kafka;
        this.stack = stack;
        this.stateDir = stateDir;
    }

    static FaultStack start() {
        Path state = SystemStack.stateDir("gridwatch-faults-");
        long t0 = System.nanoTime();
        KafkaCluster kafka = KafkaCluster.of(state.resolve("kafka"), 3, state.resolve("logs")).start();
        LocalStack stack = null;
        try {
            stack = new LocalStack(SystemStack.settings(state, kafka.bootstrapServers()))
                    .withServiceEnvironment(Map.of("GRIDWATCH_ROUTING_PUBLISH_ALERT_AFTER", ROUTING_ALERT_AFTER.toSeconds() + "s"))
                    .start();
            requireReplication(kafka);
            String loaded = new DemoCityLoader(stack.service(ROUTING).baseUrl()).load();
            System.out.printf("Fault stack ready (3 Kafka nodes, PostgreSQL, 3 services; %s) in %d ms; logs under %s%n", loaded,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), stack.logDir());
            return new FaultStack(kafka, stack, state);
        } catch (RuntimeException e) {
            if (stack != null) {
                stack.close();
            }
            kafka.kill();
            throw new IllegalStateException("The fault stack did not start; logs under " + state.resolve("logs"), e);
        }
    }

    /** Every topic of the contract has three replicas, and two must take each write. */
    private static void requireReplication(KafkaCluster kafka) {
        for (TopicSpec topic : Topics.all()) {
            List<TopicPartitionInfo> partitions = kafka.partitions(topic.name());
            if (partitions.size() != topic.partitions() || partitions.stream().anyMatch(p -> p.replicas().size() != 3)) {
                throw new IllegalStateException(topic.name() + " is not replicated three times: " + partitions);
            }
            if (!"2".equals(kafka.topicConfig(topic.name(), TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG))) {
                throw new IllegalStateException(topic.name() + " does not require two replicas in sync");
            }
        }
    }

    KafkaCluster kafka() {
        return kafka;
    }

    EmbeddedPostgresServer postgres() {
        return (EmbeddedPostgresServer) stack.postgres();
    }

    ServiceProcess service(String name) {
        return stack.service(name);
    }

    /** A second instance of a service, in the same consumer groups (see {@link LocalStack#startInstance}). */
    ServiceProcess startInstance(String service, String instance) {
        return stack.startInstance(service, instance, Ports.free());
    }

    /** A second instance of intake, routing and resolution (in that order), started together. */
    List<ServiceProcess> startSecondInstances() {
        List<CompletableFuture<ServiceProcess>> starting = List.of(INTAKE, ROUTING, RESOLUTION).stream()
                .map(name -> CompletableFuture.supplyAsync(() -> startInstance(name, name + "-2"))).toList();
        return starting.stream().map(CompletableFuture::join).toList();
    }

    /** How many lines of the service's log (its first instance) contain {@code text}. */
    long logLines(String service, String text) {
        try (var lines = Files.lines(stack.service(service).logFile())) {
            return lines.filter(line -> line.contains(text)).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String intake() {
        return stack.service(INTAKE).baseUrl();
    }

    String routing() {
        return stack.service(ROUTING).baseUrl();
    }

    String resolution() {
        return stack.service(RESOLUTION).baseUrl();
    }

    Path logDir() {
        return stack.logDir();
    }

    /**
     * Stops the services and PostgreSQL, kills the Kafka nodes (their data is thrown away, and the last node of a
     * cluster cannot shut down in a controlled way without a quorum, so it would wait out its grace period), and
     * deletes the data, keeping the logs.
     */
    @Override
    public void close() {
        try {
            stack.close();
        } finally {
            kafka.kill();
            SystemStack.deleteData(stateDir);
        }
    }
}
