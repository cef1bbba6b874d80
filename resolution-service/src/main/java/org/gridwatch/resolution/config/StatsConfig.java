package org.gridwatch.resolution.config;

import java.time.ZoneId;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the resolution statistics are cut into days, weeks and months. */
@ConfigMapping(prefix = "gridwatch.resolution.stats")
public interface StatsConfig {

    /**
     * The time zone of the statistics' days, weeks and months (and of a date-only {@code from}/{@code to}).
     * Changing it rebuilds the rollup from the ticket facts at the next start.
     */
    @WithDefault("Asia/Shanghai")
    ZoneId zone();
}
