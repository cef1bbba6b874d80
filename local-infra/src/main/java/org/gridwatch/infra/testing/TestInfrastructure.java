package org.gridwatch.infra.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.logging.Logger;

import org.gridwatch.infra.EmbeddedPostgresServer;
import org.gridwatch.infra.ExternalPostgresServer;
import org.gridwatch.infra.KafkaBroker;
import org.gridwatch.infra.KafkaTopics;
import org.gridwatch.infra.PostgresServer;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The Kafka broker and PostgreSQL server that one test JVM shares: real ones, started once on first
 * use and stopped when the JVM exits.
 *
 * <p>By default both are embedded (a Kafka KRaft node as a child JVM, PostgreSQL binaries). With
 * {@code GRIDWATCH_TEST_INFRA=testcontainers} (or {@code -Dgridwatch.test.infra=testcontainers}) they run
 * as Testcontainers {@code apache/kafka} and {@code postgres} containers where a Docker engine answers;
 * where none does, a warning says so and the embedded ones are used. {@code GRIDWATCH_TEST_DB_URL}
 * points the tests at an existing PostgreSQL server instead.
 */
public final class TestInfrastructure {

    private static final Logger LOG = Logger.getLogger(TestInfrastructure.class.getName());
    private static TestInfrastructure shared;

    private final String bootstrapServers;
    private final PostgresServer postgres;
    private final KafkaBroker broker;
    private final Path workDir;

    private TestInfrastructure(String bootstrapServers, PostgresServer postgres, KafkaBroker broker, Path workDir) {
        this.bootstrapServers = bootstrapServers;
        this.postgres = postgres;
        this.broker = broker;
        this.workDir = workDir;
    }

    /** The JVM's infrastructure, started on first call, with every contract topic created. */
    public static synchronized TestInfrastructure shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "gridwatch-test-infra-stop"));
        }
        return shared;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    /** The embedded broker, for tests that stop, kill or restart it; absent on Testcontainers. */
    public KafkaBroker broker() {
        if (broker == null) {
            throw new IllegalStateException("The broker runs in a container; fault tests need the embedded broker");
        }
        return broker;
    }

    public Path workDir() {
        return workDir;
    }

    private static TestInfrastructure start() {
        Path workDir;
        try {
            workDir = Files.createTempDirectory("gridwatch-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String wanted = setting("GRIDWATCH_TEST_INFRA", "gridwatch.test.infra", "embedded").toLowerCase(Locale.ROOT);
        if (wanted.equals("testcontainers")) {
            if (dockerAvailable()) {
                return startContainers(workDir);
            }
            LOG.warning("GRIDWATCH_TEST_INFRA=testcontainers was asked for, but no Docker engine answers here: "
                    + "using the embedded Kafka broker and PostgreSQL instead.");
        } else if (!wanted.equals("embedded")) {
            throw new IllegalArgumentException("GRIDWATCH_TEST_INFRA must be 'embedded' or 'testcontainers', not " + wanted);
        }
        long t0 = System.nanoTime();
        KafkaBroker broker = KafkaBroker.ephemeral(workDir.resolve("kafka")).start();
        PostgresServer postgres = postgresFromEnvironment(workDir);
        KafkaTopics.createAll(broker.bootstrapServers(), (short) 1, 1);
        LOG.info(() -> String.format("Embedded Kafka %s and PostgreSQL ready in %d ms (logs under %s)",
                broker.bootstrapServers(), (System.nanoTime() - t0) / 1_000_000, workDir));
        return new TestInfrastructure(broker.bootstrapServers(), postgres, broker, workDir);
    }

    private static PostgresServer postgresFromEnvironment(Path workDir) {
        String url = setting("GRIDWATCH_TEST_DB_URL", "gridwatch.test.db.url", "");
        if (!url.isBlank()) {
            return new ExternalPostgresServer(url,
                    setting("GRIDWATCH_TEST_DB_USER", "gridwatch.test.db.user", "postgres"),
                    setting("GRIDWATCH_TEST_DB_PASSWORD", "gridwatch.test.db.password", ""));
        }
        return EmbeddedPostgresServer.ephemeral(workDir.resolve("postgres.log"));
    }

    @SuppressWarnings("resource") // the containers stop in their own shutdown hook
    private static TestInfrastructure startContainers(Path workDir) {
        KafkaContainer kafka = new KafkaContainer("apache/kafka:4.2.1");
        PostgreSQLContainer postgresContainer = new PostgreSQLContainer("postgres:17");
        kafka.start();
        postgresContainer.start();
        KafkaTopics.createAll(kafka.getBootstrapServers(), (short) 1, 1);
        PostgresServer postgres = new ExternalPostgresServer(postgresContainer.getJdbcUrl(),
                postgresContainer.getUsername(), postgresContainer.getPassword());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.stop();
            postgresContainer.stop();
        }));
        return new TestInfrastructure(kafka.getBootstrapServers(), postgres, null, workDir);
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private void stop() {
        if (broker != null) {
            broker.stop();
        }
        postgres.close();
    }

    static String setting(String env, String property, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? fallback : value;
    }
}
