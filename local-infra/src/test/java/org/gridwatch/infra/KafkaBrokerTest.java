package org.gridwatch.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.gridwatch.contracts.TopicSpec;
import org.gridwatch.contracts.Topics;
import org.junit.jupiter.api.Test;

/** The embedded broker is a real Kafka: topics from the contract, durable records, crash and restart. */
class KafkaBrokerTest {

    @Test
    void keepsTopicsAndAcknowledgedRecordsAcrossAKillAndRestart() throws Exception {
        Path dir = Files.createTempDirectory("kafka-broker-test-");
        KafkaBroker broker = KafkaBroker.ephemeral(dir).start();
        try {
            KafkaTopics.createAll(broker.bootstrapServers(), (short) 1, 1);
            KafkaTopics.createAll(broker.bootstrapServers(), (short) 1, 1); // idempotent
            assertEquals(Topics.all().stream().map(TopicSpec::name).collect(java.util.stream.Collectors.toSet()),
                    topics(broker).stream().filter(t -> t.startsWith("gridwatch.")).collect(java.util.stream.Collectors.toSet()));

            produce(broker, "before-crash");
            broker.kill();
            assertFalse(broker.isRunning());
            broker.start();
            produce(broker, "after-restart");

            List<String> values = consumeAll(broker, 2);
            assertEquals(List.of("before-crash", "after-restart"), values);
        } finally {
            broker.stop();
        }
        assertTrue(Ports.isFree(broker.port()), "port still taken after stop");
    }

    private static Set<String> topics(KafkaBroker broker) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS);
        }
    }

    private static void produce(KafkaBroker broker, String value) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.FEEDBACK, "same-key", value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static List<String> consumeAll(KafkaBroker broker, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "broker-test");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new java.util.ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.FEEDBACK));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }
}
