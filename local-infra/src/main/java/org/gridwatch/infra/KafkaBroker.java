package org.gridwatch.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * One real Apache Kafka node (KRaft, combined broker and controller) running as a child JVM from the
 * Maven Central jars: a cluster of its own, or one voter of a {@link KafkaCluster}. Its data directory
 * survives {@link #stop()}, so a restarted node keeps its topics.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final Path logFile;
    private final int nodeId;
    /** {@code controller.quorum.voters}: this node alone, or every voter of its cluster. */
    private final String voters;
    /** Replication factor of Kafka's internal topics (consumer offsets, transactions). */
    private final int internalReplication;
    /** The id formatted into the storage: shared by the nodes of a cluster, or kept in the node's folder. */
    private final String clusterId;
    private Process process;

    /**
     * @param dir            folder for the node's configuration and data (created if missing)
     * @param port           client port on 127.0.0.1
     * @param controllerPort KRaft controller port on 127.0.0.1
     * @param logFile        where the node's output goes
     */
    public KafkaBroker(Path dir, int port, int controllerPort, Path logFile) {
        this(dir, 1, port, controllerPort, "1@127.0.0.1:" + controllerPort, 1, null, logFile);
    }

    /** One voter of a cluster ({@link KafkaCluster}). */
    KafkaBroker(Path dir, int nodeId, int port, int controllerPort, String voters, int internalReplication, String clusterId,
                Path logFile) {
        this.dir = dir.toAbsolutePath();
        this.nodeId = nodeId;
        this.port = port;
        this.controllerPort = controllerPort;
        this.voters = voters;
        this.internalReplication = internalReplication;
        this.clusterId = clusterId;
        this.logFile = logFile.toAbsolutePath();
    }

    /** A node on free ports in a fresh folder, for tests. */
    public static KafkaBroker ephemeral(Path dir) {
        return new KafkaBroker(dir, Ports.free(), Ports.free(), dir.resolve("kafka.log"));
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** This node's {@code node.id}, as the cluster's metadata (partition leaders, replicas) names it. */
    public int nodeId() {
        return nodeId;
    }

    public Path logFile() {
        return logFile;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The operating-system process id of the running node. */
    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException("Kafka is not running");
        }
        return process.pid();
    }

    /** Starts the node (formatting its storage on first start) and waits until it serves clients. */
    public synchronized KafkaBroker start() {
        if (isRunning()) {
            return this;
        }
        launch();
        awaitReady();
        return this;
    }

    /**
     * Starts the node's process without waiting: the voters of a cluster must all be starting before any of
     * them can elect a controller and serve.
     */
    synchronized void launch() {
        if (isRunning()) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Files.createDirectories(logFile.getParent());
            Path config = writeConfig();
            List<String> command = new ArrayList<>(ChildJvm.command(List.of(
                    "-Xms256m", "-Xmx768m",
                    "-Dlog4j2.configurationFile=" + writeLogConfig())));
            command.add(KafkaNodeMain.class.getName());
            command.add(config.toString());
            command.add(clusterId());
            command.add(Long.toString(ProcessHandle.current().pid()));
            process = ChildJvm.start(command, logFile, Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start Kafka in " + dir, e);
        }
    }

    /** Controlled shutdown (SIGTERM), as an operator would stop a broker. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        ChildJvm.stop(process, 60);
        process = null;
    }

    /** {@code kill -9}: the node dies without any shutdown work, as in a crash. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        ChildJvm.kill(process);
        process = null;
    }

    @Override
    public void close() {
        stop();
    }

    /** Waits until the node listens and the cluster answers through it; fails early if the process dies. */
    void awaitReady() {
        Process process;
        synchronized (this) {
            process = this.process;
        }
        if (process == null) {
            throw new IllegalStateException("Kafka node " + nodeId + " is not started");
        }
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        // Wait for the port first: an admin client polling a closed port logs a warning every try.
        while (!Ports.accepts(port)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kafka exited with code " + process.exitValue()
                        + " during start-up; see " + logFile);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Kafka not listening after " + READY_TIMEOUT + "; see " + logFile);
            }
            sleep(100);
        }
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        try (Admin admin = Admin.create(props)) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Kafka exited with code " + process.exitValue()
                            + " during start-up; see " + logFile);
                }
                try {
                    int nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000))
                            .nodes().get(3, TimeUnit.SECONDS).size();
                    if (nodes > 0) {
                        return;
                    }
                } catch (Exception notYet) {
                    // still starting
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka not ready after " + READY_TIMEOUT + "; see " + logFile);
                }
                sleep(200);
            }
        }
    }

    private Path writeConfig() throws IOException {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        String props = String.join("\n",
                "process.roles=broker,controller",
                "node.id=" + nodeId,
                "controller.quorum.voters=" + voters,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + data,
                "num.partitions=6",
                // Topics are created explicitly from the contract (Topics.all()), never by accident.
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=" + internalReplication,
                "offsets.topic.num.partitions=6",
                "transaction.state.log.replication.factor=" + internalReplication,
                "transaction.state.log.min.isr=" + KafkaTopics.minInsyncReplicas(internalReplication),
                "share.coordinator.state.topic.replication.factor=" + internalReplication,
                "share.coordinator.state.topic.min.isr=" + KafkaTopics.minInsyncReplicas(internalReplication),
                "default.replication.factor=" + internalReplication,
                "min.insync.replicas=" + KafkaTopics.minInsyncReplicas(internalReplication),
                "group.initial.rebalance.delay.ms=0",
                // A node that died is noticed after 4 s (Kafka's default: 9 s), so that leadership of its partitions
                // moves to a replica in sync before producers' delivery timeouts (intake: 4 s) run out too often.
                "broker.session.timeout.ms=4000",
                "broker.heartbeat.interval.ms=1000",
                "");
        Path file = dir.resolve("server.properties");
        Files.writeString(file, props);
        return file;
    }

    private Path writeLogConfig() throws IOException {
        Path file = dir.resolve("log4j2.properties");
        Files.writeString(file, String.join("\n",
                "rootLogger.level=WARN",
                "rootLogger.appenderRef.out.ref=out",
                "appender.out.type=Console",
                "appender.out.name=out",
                "appender.out.layout.type=PatternLayout",
                "appender.out.layout.pattern=%d{ISO8601} %-5p [%c{1}] %m%n",
                "logger.server.name=kafka.server.KafkaRaftServer",
                "logger.server.level=INFO",
                "logger.broker.name=kafka.server.BrokerServer",
                "logger.broker.level=INFO",
                ""));
        return file;
    }

    /** The cluster id is kept in the folder so that a restart reuses the formatted storage. */
    private String clusterId() throws IOException {
        if (clusterId != null) {
            return clusterId;
        }
        Path file = dir.resolve("cluster.id");
        if (Files.exists(file)) {
            return Files.readString(file).trim();
        }
        String id = org.apache.kafka.common.Uuid.randomUuid().toString();
        Files.writeString(file, id);
        return id;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
