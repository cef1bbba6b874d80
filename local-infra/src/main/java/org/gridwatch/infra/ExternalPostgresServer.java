package org.gridwatch.infra;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An existing PostgreSQL server given by a JDBC URL such as
 * {@code jdbc:postgresql://db.example:5432/postgres}; the services' databases are created next to the
 * one the URL names, with the same credentials.
 */
public final class ExternalPostgresServer implements PostgresServer {

    private static final Pattern URL = Pattern.compile("jdbc:postgresql://([^/?]+)(/[^?]*)?(\\?.*)?");

    private final String hostPort;
    private final String adminDatabase;
    private final String query;
    private final String username;
    private final String password;

    public ExternalPostgresServer(String jdbcUrl, String username, String password) {
        Matcher m = URL.matcher(jdbcUrl);
        if (!m.matches()) {
            throw new IllegalArgumentException("Not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db): " + jdbcUrl);
        }
        this.hostPort = m.group(1);
        String path = m.group(2) == null ? "" : m.group(2).replaceFirst("^/", "");
        this.adminDatabase = path.isEmpty() ? "postgres" : path;
        this.query = m.group(3) == null ? "" : m.group(3);
        this.username = username;
        this.password = password == null ? "" : password;
        URI.create("postgresql://" + hostPort); // rejects a malformed host early
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + hostPort + "/" + database + query;
    }

    @Override
    public String adminJdbcUrl() {
        return jdbcUrl(adminDatabase);
    }

    @Override
    public String username() {
        return username;
    }

    @Override
    public String password() {
        return password;
    }

    @Override
    public void close() {
        // not ours to stop
    }
}
