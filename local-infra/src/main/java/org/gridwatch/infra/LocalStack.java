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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The whole GridWatch system on one machine: a Kafka node, PostgreSQL (embedded, or an external server),
 * the contract's topics, one database per service, and the three services as separate JVMs from their
 * packaged jars. {@code ./gridwatch up} and the system tests both start it through this class.
 */
public final class LocalStack implements AutoCloseable {

    /** A service of the system: its module folder, HTTP port and database. */
    public record ServiceSpec(String name, int port, String database) {
    }

    /**
     * Where and how to run.
     *
     * @param projectDir  the checkout (the services' jars are under {@code <name>/target/quarkus-app})
     * @param stateDir    data and logs ({@code .gridwatch/} for {@code ./gridwatch up})
     * @param externalKafka bootstrap servers of an existing Kafka cluster, or null for the embedded node
     * @param kafkaPort   embedded Kafka's client port; its controller uses the next one
     * @param postgresPort embedded PostgreSQL's port (ignored when {@code externalDbUrl} is set)
     * @param externalDbUrl JDBC URL of an existing server, or null for the embedded one
     * @param services    the services and their ports
     */
    public record Settings(Path projectDir, Path stateDir, String externalKafka, int kafkaPort, int postgresPort, String externalDbUrl,
                           String externalDbUser, String externalDbPassword, List<ServiceSpec> services) {

        public static final List<ServiceSpec> DEFAULT_SERVICES = List.of(
                new ServiceSpec("intake-service", 8081, "gridwatch_intake"),
                new ServiceSpec("routing-service", 8082, "gridwatch_routing"),
                new ServiceSpec("resolution-service", 8083, "gridwatch_resolution"));

        /** Every port the stack will listen on. */
        public List<Integer> ports() {
            List<Integer> ports = new ArrayList<>();
            if (externalKafka == null) {
                ports.addAll(List.of(kafkaPort, kafkaPort + 1));
            }
            if (externalDbUrl == null) {
                ports.add(postgresPort);
            }
            services.forEach(s -> ports.add(s.port()));
            return ports;
        }
    }

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final Settings settings;
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private final Map<String, String> extraEnvironment = new LinkedHashMap<>();
    private Path publicKey;
    private KafkaBroker kafka;
    private PostgresServer postgres;

    public LocalStack(Settings settings) {
        this.settings = settings;
    }

    /**
     * Sets more environment for every service (and instance) started from now on, e.g. a Quarkus property such as
     * {@code GRIDWATCH_ROUTING_PUBLISH_ALERT_AFTER}; returns this stack.
     */
    public LocalStack withServiceEnvironment(Map<String, String> environment) {
        extraEnvironment.putAll(environment);
        return this;
    }

    /** The embedded Kafka node, or null when the stack uses an external cluster. */
    public KafkaBroker kafka() {
        return kafka;
    }

    public String bootstrapServers() {
        return kafka != null ? kafka.bootstrapServers() : settings.externalKafka();
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public synchronized ServiceProcess service(String name) {
        ServiceProcess service = services.get(name);
        if (service == null) {
            throw new IllegalArgumentException("No service " + name);
        }
        return service;
    }

    public synchronized List<ServiceProcess> services() {
        return List.copyOf(services.values());
    }

    public Path logDir() {
        return settings.stateDir().resolve("logs");
    }

    /** Starts everything and waits until every service reports ready; on failure stops what it started. */
    public LocalStack start() {
        try {
            Files.createDirectories(logDir());
            if (settings.externalKafka() == null) {
                kafka = new KafkaBroker(settings.stateDir().resolve("kafka"), settings.kafkaPort(),
                        settings.kafkaPort() + 1, logDir().resolve("kafka.log")).start();
            }
            postgres = settings.externalDbUrl() != null
                    ? new ExternalPostgresServer(settings.externalDbUrl(), settings.externalDbUser(), settings.externalDbPassword())
                    : EmbeddedPostgresServer.persistent(settings.stateDir().resolve("postgres"), settings.postgresPort(),
                            logDir().resolve("postgres.log"));
            KafkaTopics.createAll(bootstrapServers());
            publicKey = DevJwt.writePublicKey(settings.stateDir().resolve("dev-jwt/publicKey.pem"));
            for (ServiceSpec spec : settings.services()) {
                postgres.ensureDatabase(spec.database());
                services.put(spec.name(), process(spec, spec.name()));
            }
            services.values().forEach(ServiceProcess::start);
            CompletableFuture.allOf(services.values().stream()
                    .map(s -> CompletableFuture.runAsync(() -> s.awaitReady(READY_TIMEOUT)))
                    .toArray(CompletableFuture[]::new)).join();
            return this;
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        } catch (CompletionException e) {
            close();
            throw e.getCause() instanceof RuntimeException r ? r : e;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Starts one more instance of a running service, named {@code instance}, on {@code port}: the same
     * database and consumer groups, so the instances share the work (Kafka balances the partitions between
     * them). It stops with the stack.
     */
    public ServiceProcess startInstance(String service, String instance, int port) {
        return startInstance(service, instance, port, null);
    }

    /**
     * As {@link #startInstance(String, String, int)}, from {@code jar} (another build of the service, e.g. of an
     * earlier commit, for a benchmark's before and after in one run), or from this checkout's when null.
     */
    public ServiceProcess startInstance(String service, String instance, int port, Path jar) {
        ServiceSpec spec = settings.services().stream().filter(s -> s.name().equals(service)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No service " + service));
        ServiceProcess process;
        synchronized (this) {
            if (services.containsKey(instance)) {
                throw new IllegalArgumentException("An instance named " + instance + " exists");
            }
            ServiceSpec instanceSpec = new ServiceSpec(spec.name(), port, spec.database());
            process = (jar == null ? process(instanceSpec, instance) : process(instanceSpec, instance, jar)).start();
            services.put(instance, process);
        }
        process.awaitReady(READY_TIMEOUT); // instances started together get ready together
        return process;
    }

    private ServiceProcess process(ServiceSpec spec, String instance) {
        return process(spec, instance, settings.projectDir().resolve(spec.name()).resolve("target/quarkus-app/quarkus-run.jar"));
    }

    private ServiceProcess process(ServiceSpec spec, String instance, Path jar) {
        return new ServiceProcess(instance, jar, spec.port(), environment(spec, publicKey), logDir().resolve(instance + ".log"));
    }

    /** The environment a service reads its connections from (see each service's application.properties). */
    private Map<String, String> environment(ServiceSpec spec, Path publicKey) {
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "QUARKUS_HTTP_PORT", Integer.toString(spec.port()),
                "KAFKA_BOOTSTRAP_SERVERS", bootstrapServers(),
                "DB_URL", postgres.jdbcUrl(spec.database()),
                "DB_USER", postgres.username(),
                "DB_PASSWORD", postgres.password(),
                "JWT_ISSUER", DevJwt.ISSUER,
                "JWT_AUDIENCE", DevJwt.AUDIENCE,
                "JWT_PUBLIC_KEY_LOCATION", publicKey.toAbsolutePath().toString()));
        // The development Open311 client (api_key dev-hotline-key), unless the environment registers clients itself.
        if (System.getenv().keySet().stream().noneMatch(k -> k.startsWith("GRIDWATCH_OPEN311_CLIENTS_"))) {
            env.put("GRIDWATCH_OPEN311_CLIENTS_HOTLINE_API_KEY", "dev-hotline-key");
        }
        env.putAll(extraEnvironment);
        return env;
    }

    /** Stops the services first, then Kafka, then PostgreSQL, so that nothing in flight is cut off. */
    @Override
    public void close() {
        List<ServiceProcess> reversed = new ArrayList<>(services());
        java.util.Collections.reverse(reversed);
        reversed.forEach(ServiceProcess::stop);
        if (kafka != null) {
            kafka.stop();
        }
        if (postgres != null) {
            postgres.close();
        }
    }
}
