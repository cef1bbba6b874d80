package org.gridwatch.intake.open311;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** Open311 clients configured from environment variables, read by SmallRye Config's own rules. */
class Open311ConfigTest {

    /** The settings without a default in code (application.properties gives them). */
    private static final Map<String, String> REQUIRED = Map.of(
            "gridwatch.open311.jurisdiction-id", "gridwatch.local",
            "gridwatch.open311.requests-per-hour", "1000",
            "gridwatch.open311.duplicate-window", "PT24H",
            "gridwatch.open311.discovery.contact", "operators",
            "gridwatch.open311.discovery.key-service", "ask the operators",
            "gridwatch.open311.discovery.changed-at", "2026-12-05T00:00:00Z");

    @Test
    void clientFromEnvironmentVariablesIsRegisteredUnderItsLowercaseId() {
        Open311Config config = configFrom(Map.of(
                "GRIDWATCH_OPEN311_CLIENTS_HOTLINE12345_API_KEY", "k-1",
                "GRIDWATCH_OPEN311_CLIENTS_HOTLINE12345_NAME", "City 12345 hotline",
                "GRIDWATCH_OPEN311_CLIENTS_PARTNER_API_KEY", "k-2"));

        assertEquals(2, config.clients().size());
        assertEquals("k-1", config.clients().get("hotline12345").apiKey());
        assertEquals(Optional.of("City 12345 hotline"), config.clients().get("hotline12345").name());
        assertEquals(Optional.empty(), config.clients().get("partner").name());
        assertTrue(Open311Access.configurationProblems(config.clients(), Map.of(
                "GRIDWATCH_OPEN311_CLIENTS_HOTLINE12345_API_KEY", "k-1",
                "GRIDWATCH_OPEN311_CLIENTS_PARTNER_API_KEY", "k-2")).isEmpty());
    }

    @Test
    void clientsAllowanceFromAnEnvironmentVariableOverridesTheDefault() {
        Map<String, String> env = Map.of(
                "GRIDWATCH_OPEN311_CLIENTS_HOTLINE_API_KEY", "k-1",
                "GRIDWATCH_OPEN311_CLIENTS_HOTLINE_REQUESTS_PER_HOUR", "5000",
                "GRIDWATCH_OPEN311_CLIENTS_PARTNER_API_KEY", "k-2");
        Open311Config config = configFrom(env);

        assertEquals(Optional.of(5000), config.clients().get("hotline").requestsPerHour());
        assertEquals(Optional.empty(), config.clients().get("partner").requestsPerHour());
        assertEquals(1000, config.requestsPerHour());
        assertTrue(Open311Access.configurationProblems(config.clients(), env).isEmpty());
    }

    @Test
    void noClientsIsAValidConfiguration() {
        assertTrue(configFrom(Map.of()).clients().isEmpty());
    }

    @Test
    void variableThatSmallRyeIgnoresIsReportedInsteadOfLosingTheClient() {
        Map<String, String> env = Map.of("GRIDWATCH_OPEN311_CLIENTS_CITY_HOTLINE_API_KEY", "k-1");
        Open311Config config = configFrom(env);

        assertTrue(config.clients().isEmpty(), "SmallRye cannot tell where the id ends, so it drops the variable");
        List<String> problems = Open311Access.configurationProblems(config.clients(), env);
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("GRIDWATCH_OPEN311_CLIENTS_CITY_HOTLINE_API_KEY"));
    }

    @Test
    void idsThatEnvironmentVariablesCannotNameAndSharedKeysAreReported() {
        Open311Config config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(Map.of(
                        "gridwatch.open311.clients.city-hotline.api-key", "same",
                        "gridwatch.open311.clients.partner.api-key", "same",
                        "gridwatch.open311.clients.partner.requests-per-hour", "0"), "test", 200))
                .withSources(new PropertiesConfigSource(REQUIRED, "required", 100))
                .withMapping(Open311Config.class)
                .build().getConfigMapping(Open311Config.class);

        List<String> problems = Open311Access.configurationProblems(config.clients(), Map.of());
        assertEquals(List.of("client id 'city-hotline' must be lowercase letters and digits",
                "client 'partner' shares its api-key with another client",
                "client 'partner' needs requests-per-hour of at least 1"), problems);
    }

    private static Open311Config configFrom(Map<String, String> env) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(REQUIRED, "required", 100))
                .withSources(new EnvConfigSource(env, 300))
                .withMapping(Open311Config.class)
                .build();
        return config.getConfigMapping(Open311Config.class);
    }
}
