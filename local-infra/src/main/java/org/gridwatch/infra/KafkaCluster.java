package org.gridwatch.infra;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Several real Kafka nodes (KRaft, each a broker and a controller voter) forming one cluster on
 * 127.0.0.1, each a child JVM. Internal topics are replicated to every node (up to three), and
 * {@link KafkaTopics#createAll(String)} gives GridWatch's topics three replicas with two in sync, so a
 * three-node cluster keeps taking {@code acks=all} writes with any one node down.
 */
public final class KafkaCluster implements AutoCloseable {

    private static final Duration REGISTERED_TIMEOUT = Duration.ofSeconds(60);

    private final List<KafkaBroker> nodes;
    private Admin admin;

    private KafkaCluster(List<KafkaBroker> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    /**
     * A cluster of {@code size} nodes on free ports, with data and logs under {@code dir/node-<id>}.
     * Nothing runs until {@link #start()}.
     */
    public static KafkaCluster of(Path dir, int size, Path logDir) {
        if (size < 1) {
            throw new IllegalArgumentException("A cluster needs at least one node");
        }
        List<int[]> ports = new ArrayList<>();
        for (int id = 1; id <= size; id++) {
            ports.add(new int[] {Ports.free(), Ports.free()});
        }
        StringBuilder voters = new StringBuilder();
        for (int id = 1; id <= size; id++) {
            voters.append(id == 1 ? "" : ",").append(id).append("@127.0.0.1:").append(ports.get(id - 1)[1]);
        }
        String clusterId = Uuid.randomUuid().toString();
        int internalReplication = Math.min(KafkaTopics.REPLICATION_FACTOR, size);
        List<KafkaBroker> nodes = new ArrayList<>();
        for (int id = 1; id <= size; id++) {
            nodes.add(new KafkaBroker(dir.resolve("node-" + id), id, ports.get(id - 1)[0], ports.get(id - 1)[1],
                    voters.toString(), internalReplication, clusterId, logDir.resolve("kafka-" + id + ".log")));
        }
        return new KafkaCluster(nodes);
    }

    /**
     * Starts every node that is not running, all at once (a quorum needs its voters), and waits until each
     * serves and the cluster counts every node as a broker (so that topics created next get all their replicas).
     * On failure the nodes it started are killed.
     */
    public KafkaCluster start() {
        try {
            nodes.forEach(KafkaBroker::launch);
            onEachNode(KafkaBroker::awaitReady);
            long deadline = System.nanoTime() + REGISTERED_TIMEOUT.toNanos();
            while (brokers() < nodes.size()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Only " + brokers() + " of " + nodes.size() + " Kafka nodes registered after "
                            + REGISTERED_TIMEOUT + "; see " + nodes.get(0).logFile().getParent());
                }
                Thread.sleep(200);
            }
            return this;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            kill();
            throw e;
        }
    }

    /** Runs {@code action} on every node at once, each in a thread of its own, and waits for all. */
    private void onEachNode(java.util.function.Consumer<KafkaBroker> action) {
        ExecutorService threads = Executors.newFixedThreadPool(nodes.size());
        try {
            CompletableFuture.allOf(nodes.stream().map(n -> CompletableFuture.runAsync(() -> action.accept(n), threads))
                    .toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        } finally {
            threads.shutdownNow();
        }
    }

    /** Brokers the cluster counts now; 0 while it does not answer. */
    private int brokers() {
        try {
            return answer(admin().describeCluster().nodes(), "No answer", 5).size();
        } catch (IllegalStateException notYet) {
            if (Thread.currentThread().isInterrupted()) {
                throw notYet;
            }
            return 0;
        }
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, (Object) bootstrapServers(),
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000));
        }
        return admin;
    }

    public List<KafkaBroker> nodes() {
        return nodes;
    }

    /** The node with this {@code node.id}. */
    public KafkaBroker node(int nodeId) {
        return nodes.stream().filter(n -> n.nodeId() == nodeId).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No node " + nodeId));
    }

    /** Every node's address, for clients. */
    public String bootstrapServers() {
        return nodes.stream().map(KafkaBroker::bootstrapServers).collect(Collectors.joining(","));
    }

    /** The {@code node.id} of the current leader of each partition of {@code topic}, by partition. */
    public Map<Integer, Integer> leaders(String topic) {
        return partitions(topic).stream().filter(p -> p.leader() != null)
                .collect(Collectors.toMap(TopicPartitionInfo::partition, p -> p.leader().id()));
    }

    /** The in-sync replicas of each partition of {@code topic}, by partition. */
    public Map<Integer, List<Integer>> inSyncReplicas(String topic) {
        return partitions(topic).stream().collect(Collectors.toMap(TopicPartitionInfo::partition,
                p -> p.isr().stream().map(Node::id).sorted().toList()));
    }

    /** The partitions of {@code topic}, with their leaders (null while a partition has none), replicas and ISR. */
    public List<TopicPartitionInfo> partitions(String topic) {
        return answer(admin().describeTopics(List.of(topic)).allTopicNames(), "Cannot describe " + topic).get(topic).partitions();
    }

    /**
     * Controlled shutdown of every node, all at once: one after the other, the last node would find no quorum to
     * shut down with and wait out its grace period.
     */
    public void stop() {
        onEachNode(KafkaBroker::stop);
    }

    /** The value of one configuration entry of {@code topic} (e.g. {@code min.insync.replicas}). */
    public String topicConfig(String topic, String name) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return answer(admin().describeConfigs(List.of(resource)).all(), "Cannot describe the configuration of " + topic)
                .get(resource).get(name).value();
    }

    /** The admin client's answer, within 15 s; a failure or no answer is an IllegalStateException saying {@code failure}. */
    private static <T> T answer(KafkaFuture<T> future, String failure) {
        return answer(future, failure, 15);
    }

    private static <T> T answer(KafkaFuture<T> future, String failure, int seconds) {
        try {
            return future.get(seconds, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(failure, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code kill -9} of every node (for throw-away data: nothing is flushed). */
    public void kill() {
        closeAdmin();
        nodes.forEach(KafkaBroker::kill);
    }

    @Override
    public void close() {
        closeAdmin();
        stop();
    }

    private synchronized void closeAdmin() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
            admin = null;
        }
    }
}
