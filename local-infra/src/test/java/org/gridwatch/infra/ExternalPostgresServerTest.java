package org.gridwatch.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ExternalPostgresServerTest {

    @Test
    void servicesGetTheirDatabaseOnTheSameServerWithTheSameParameters() {
        var server = new ExternalPostgresServer("jdbc:postgresql://db.internal:6432/ops?sslmode=require", "gw", "secret");
        assertEquals("jdbc:postgresql://db.internal:6432/gridwatch_intake?sslmode=require", server.jdbcUrl("gridwatch_intake"));
        assertEquals("jdbc:postgresql://db.internal:6432/ops?sslmode=require", server.adminJdbcUrl());
        assertEquals("gw", server.username());
    }

    @Test
    void urlWithoutDatabaseAdministersThroughPostgres() {
        var server = new ExternalPostgresServer("jdbc:postgresql://localhost:5432", "postgres", null);
        assertEquals("jdbc:postgresql://localhost:5432/postgres", server.adminJdbcUrl());
        assertEquals("", server.password());
    }

    @Test
    void rejectsWhatIsNotAPostgresUrlAndUnsafeDatabaseNames() {
        assertThrows(IllegalArgumentException.class, () -> new ExternalPostgresServer("jdbc:mysql://x/y", "u", "p"));
        var server = new ExternalPostgresServer("jdbc:postgresql://localhost:5432/postgres", "postgres", "");
        assertThrows(IllegalArgumentException.class, () -> server.ensureDatabase("x; DROP DATABASE postgres"));
    }
}
