package org.gridwatch.infra;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * A PostgreSQL server that GridWatch's services each get their own database on: embedded binaries
 * ({@link EmbeddedPostgresServer}) or any server given by JDBC URL ({@link ExternalPostgresServer}).
 */
public interface PostgresServer extends AutoCloseable {

    Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    /** JDBC URL of {@code database} on this server. */
    String jdbcUrl(String database);

    String username();

    String password();

    /** Creates {@code database} unless it exists. */
    default void ensureDatabase(String database) {
        if (!DATABASE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("Not a database name: " + database);
        }
        Properties credentials = new Properties();
        credentials.setProperty("user", username());
        credentials.setProperty("password", password());
        try (Connection connection = DriverManager.getConnection(adminJdbcUrl(), credentials);
             PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE " + database);
            }
        } catch (SQLException e) {
            if ("42P04".equals(e.getSQLState())) {
                return; // created concurrently by another test JVM or launcher
            }
            throw new IllegalStateException("Cannot create database " + database + ": " + e.getMessage(), e);
        }
    }

    /** A URL for administrative work (creating databases). */
    String adminJdbcUrl();

    @Override
    void close();
}
