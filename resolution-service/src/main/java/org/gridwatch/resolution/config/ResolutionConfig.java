package org.gridwatch.resolution.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Timing of the lifecycle: the reporter's feedback window, the deadline watch and the outbox relay. */
@ConfigMapping(prefix = "gridwatch.resolution")
public interface ResolutionConfig {

    /** How long a RESOLVED ticket waits for the reporter before it closes by itself. */
    @WithDefault("72h")
    Duration autoCloseAfter();

    /** How often overdue tickets are escalated and silent resolutions closed. */
    @WithDefault("30s")
    Duration deadlineCheckEvery();

    /** How often the relay looks at the outbox when no commit has woken it. */
    @WithDefault("500ms")
    Duration outboxPollEvery();
}
