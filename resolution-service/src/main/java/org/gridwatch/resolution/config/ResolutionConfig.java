package org.gridwatch.resolution.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Timing of the lifecycle: the reporter's feedback window, the deadline watch, the outbox relay and its pruning. */
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

    /**
     * The longest one relay batch sends for: rows not acknowledged by then go in the next batch. It keeps a batch
     * well inside its transaction's timeout however slow Kafka is, so a batch always ends and commits what it sent.
     */
    @WithDefault("5s")
    Duration outboxBatchTime();

    /** How long a published outbox row is kept (for audit and replay) before the pruner deletes it. */
    @WithDefault("7d")
    Duration outboxRetention();

    /** How often the pruner deletes published outbox rows older than {@link #outboxRetention()}. */
    @WithDefault("1h")
    Duration outboxPruneEvery();
}
