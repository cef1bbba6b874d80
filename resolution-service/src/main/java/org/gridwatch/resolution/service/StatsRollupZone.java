package org.gridwatch.resolution.service;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneId;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import javax.sql.DataSource;

import org.gridwatch.resolution.config.StatsConfig;
import org.gridwatch.resolution.persistence.StatsSql;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/**
 * Keeps the rollup's days and months in the configured time zone: at start, a rollup cut in another zone
 * (or never recorded, on a new database, or forgotten by a migration that changed the rollup) is rebuilt from the
 * ticket facts. Instances of one deployment
 * share the zone; an advisory lock keeps two starting instances from rebuilding at once.
 */
@ApplicationScoped
public class StatsRollupZone {

    private static final Logger LOG = Logger.getLogger(StatsRollupZone.class);
    private static final long LOCK = 0x6772_6964_7374_6174L; // "gridstat"

    void onStart(@Observes StartupEvent event, DataSource dataSource, StatsConfig config, Clock clock) throws SQLException {
        ZoneId zone = config.zone();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")");
            }
            String current = StatsSql.rollupZone(c);
            if (!zone.getId().equals(current)) {
                long started = System.nanoTime();
                long rows = StatsSql.rebuild(c, zone, clock.instant());
                LOG.infof("Statistics rollup rebuilt in time zone %s (was %s): %d rows in %d ms", zone, current, rows,
                        (System.nanoTime() - started) / 1_000_000);
            }
            c.commit();
        }
    }
}
