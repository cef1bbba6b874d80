package org.gridwatch.infra;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.gridwatch.contracts.TopicSpec;
import org.gridwatch.contracts.Topics;

/**
 * Creates GridWatch's topics (the contract's list) on a cluster, leaving existing ones alone. DESIGN.md
 * leaves replication to the deployment; GridWatch's default is three copies where the cluster has three
 * brokers, of which two must take each write ({@code min.insync.replicas=2}, so that {@code acks=all} survives
 * one broker's loss), and as many as there are brokers on a smaller cluster.
 */
public final class KafkaTopics {

    /** The replication factor GridWatch asks for when the cluster has enough brokers. */
    public static final int REPLICATION_FACTOR = 3;

    private KafkaTopics() {
    }

    /** Creates the topics with the replication the cluster's size allows: up to three copies, two in sync. */
    public static void createAll(String bootstrapServers) {
        short replication = (short) Math.min(REPLICATION_FACTOR, brokers(bootstrapServers));
        createAll(bootstrapServers, replication, minInsyncReplicas(replication));
    }

    /** Copies that must take a write for {@code acks=all}: two of three or more, else one. */
    public static int minInsyncReplicas(int replicationFactor) {
        return replicationFactor >= 3 ? 2 : 1;
    }

    private static int brokers(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, (Object) bootstrapServers))) {
            return admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer while counting its brokers", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static void createAll(String bootstrapServers, short replicationFactor, int minInsyncReplicas) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = Topics.all().stream()
                    .filter(spec -> !existing.contains(spec.name()))
                    .map(spec -> newTopic(spec, replicationFactor, minInsyncReplicas))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                throw new IllegalStateException("Cannot create topics: " + e.getCause().getMessage(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer while creating topics", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static NewTopic newTopic(TopicSpec spec, short replicationFactor, int minInsyncReplicas) {
        return new NewTopic(spec.name(), spec.partitions(), replicationFactor).configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG,
                spec.compacted() ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInsyncReplicas)));
    }
}
