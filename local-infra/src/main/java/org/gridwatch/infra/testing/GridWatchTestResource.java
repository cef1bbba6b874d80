package org.gridwatch.infra.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Quarkus test resource that points a service at the real Kafka broker and PostgreSQL of
 * {@link TestInfrastructure}, on a database of its own. (Services trust the development tokens of
 * {@link org.gridwatch.infra.DevJwt} through their {@code %test} configuration.)
 *
 * <p>Use: {@code @QuarkusTestResource(value = GridWatchTestResource.class, initArgs = @ResourceArg(name =
 * "database", value = "intake"))}.
 */
public class GridWatchTestResource implements QuarkusTestResourceLifecycleManager {

    private String database = "gridwatch";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        TestInfrastructure infra = TestInfrastructure.shared();
        infra.postgres().ensureDatabase(database);
        return Map.of(
                "kafka.bootstrap.servers", infra.bootstrapServers(),
                "quarkus.datasource.jdbc.url", infra.postgres().jdbcUrl(database),
                "quarkus.datasource.username", infra.postgres().username(),
                "quarkus.datasource.password", infra.postgres().password());
    }

    @Override
    public void stop() {
        // The infrastructure is shared by every test class of this JVM and stops with it.
    }
}
