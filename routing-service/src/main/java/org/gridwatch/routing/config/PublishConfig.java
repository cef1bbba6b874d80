package org.gridwatch.routing.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How routing waits for Kafka to acknowledge a decision it must publish before acknowledging the report. */
@ConfigMapping(prefix = "gridwatch.routing.publish")
public interface PublishConfig {

    /**
     * After this long without an acknowledgement the wait is logged at ERROR (once a minute) instead of WARN: an
     * operator should look at Kafka. Routing still waits; a valid report never goes to a dead-letter topic for it.
     */
    @WithDefault("5m")
    Duration alertAfter();

    /** The longest pause between two attempts (the pause doubles from half a second up to this). */
    @WithDefault("15s")
    Duration maxPause();
}
