package org.gridwatch.infra;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;

/**
 * Several real Kafka nodes (KRaft, each a broker and a controller voter) forming one cluster on
 * 127.0.0.1, each a child JVM. Internal topics are replicated to every node (up to three), and
 * {@link KafkaTopics#createAll(String)} gives GridWatch's topics three replicas with two in sync, so a
 * three-node cluster keeps taking {@code acks=all} writes with any one node down.
 */
public final class KafkaCluster implements AutoCloseable {

    private final List<KafkaBroker> nodes;

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

    /** Starts every node that is not running, all at once (a quorum needs its voters), and waits for each. */
    public KafkaCluster start() {
        nodes.forEach(KafkaBroker::launch);
        try {
            CompletableFuture.allOf(nodes.stream().map(n -> CompletableFuture.runAsync(n::awaitReady))
                    .toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        return this;
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

    private List<TopicPartitionInfo> partitions(String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, (Object) bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000))) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get(15, TimeUnit.SECONDS)
                    .get(topic);
            return description.partitions();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot describe " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Controlled shutdown of every node. */
    public void stop() {
        nodes.forEach(KafkaBroker::stop);
    }

    @Override
    public void close() {
        stop();
    }
}
