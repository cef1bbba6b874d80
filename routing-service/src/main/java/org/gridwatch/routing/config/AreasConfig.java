package org.gridwatch.routing.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the area hierarchy is kept current when several routing instances share one database. */
@ConfigMapping(prefix = "gridwatch.areas")
public interface AreasConfig {

    /**
     * At most this often an instance asks the database for the latest import version (one indexed
     * query) and reloads when another instance imported since; zero checks before every lookup.
     */
    @WithDefault("5s")
    Duration refreshInterval();
}
