package org.gridwatch.resolution.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.gridwatch.contracts.events.TicketAssigned;
import org.gridwatch.contracts.events.TicketStatus;
import org.gridwatch.contracts.events.TicketStatusChanged;
import org.gridwatch.resolution.config.StatsConfig;
import org.hibernate.Session;

/**
 * Writes of the statistics projection: the tickets' facts ({@code ticket_fact}) and, in the same
 * transaction, the rollup ({@code stats_rollup}). The three topics are read by independent consumers,
 * so any of them may be the first to mention a ticket and two may race on it. A poll's fact updates run inside
 * {@link #changing}: it makes sure the facts exist, locks them and reads them, lets the updates run, and then writes
 * the difference between the facts after and before to each rollup row once (the SQL functions of
 * V6__statistics_at_scale.sql and V7__statistics_by_poll.sql). Runs on Hibernate's connection so that it shares the
 * caller's transaction with the processed-event check.
 */
@ApplicationScoped
public class TicketFactRepository {

    private final EntityManager em;
    private final String zone;

    public TicketFactRepository(EntityManager em, StatsConfig config) {
        this.em = em;
        this.zone = config.zone().getId();
    }

    /** Hop 0 opens the fact; a later hop moves it to the new department and its deadlines. Inside {@link #changing} only. */
    public void assigned(TicketAssigned e) {
        update(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO ticket_fact AS f (ticket_id, department_id, category, area_path, grid_code, hop,
                        assigned_at, response_due_at, resolve_due_at, returned_once, reports)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (ticket_id) DO UPDATE SET
                        category = EXCLUDED.category,
                        area_path = EXCLUDED.area_path,
                        grid_code = EXCLUDED.grid_code,
                        department_id = CASE WHEN f.hop IS NULL OR EXCLUDED.hop > f.hop THEN EXCLUDED.department_id ELSE f.department_id END,
                        response_due_at = CASE WHEN f.hop IS NULL OR EXCLUDED.hop > f.hop THEN EXCLUDED.response_due_at ELSE f.response_due_at END,
                        resolve_due_at = CASE WHEN f.hop IS NULL OR EXCLUDED.hop > f.hop THEN EXCLUDED.resolve_due_at ELSE f.resolve_due_at END,
                        hop = GREATEST(f.hop, EXCLUDED.hop),
                        assigned_at = LEAST(f.assigned_at, EXCLUDED.assigned_at),
                        returned_once = f.returned_once OR EXCLUDED.returned_once,
                        reports = f.reports + EXCLUDED.reports""")) {
                ps.setString(1, e.ticketId());
                ps.setString(2, e.departmentId());
                ps.setString(3, e.category());
                ps.setArray(4, c.createArrayOf("text", e.areaPath().toArray(new String[0])));
                ps.setString(5, e.gridCode());
                ps.setInt(6, e.hop());
                ps.setObject(7, e.assignedAt());
                ps.setObject(8, e.responseDueAt());
                ps.setObject(9, e.resolveDueAt());
                ps.setBoolean(10, e.hop() > 0);
                // A re-dispatch carries the ticket's first report again; only hop 0 brings a new one.
                ps.setInt(11, e.hop() == 0 ? 1 : 0);
                ps.executeUpdate();
            }
        });
    }

    /**
     * {@code count} more reports on the ticket: 1 for a merge, -1 for a merged report that a split moved to a ticket of
     * its own (the two may arrive in either order; the sum is what counts). Inside {@link #changing} only.
     */
    public void reportsAdded(String ticketId, int count) {
        update(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO ticket_fact AS f (ticket_id, reports) VALUES (?, ?)
                    ON CONFLICT (ticket_id) DO UPDATE SET reports = f.reports + EXCLUDED.reports""")) {
                ps.setString(1, ticketId);
                ps.setInt(2, count);
                ps.executeUpdate();
            }
        });
    }

    /**
     * First acceptance and first resolution are kept; the status follows the highest ticket version seen. Inside
     * {@link #changing} only.
     */
    public void statusChanged(TicketStatusChanged e) {
        TicketStatus to = e.to();
        update(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO ticket_fact AS f (ticket_id, department_id, category, status, status_version,
                        accepted_at, resolved_at, closed, rejected, returned_once, reopened_once)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (ticket_id) DO UPDATE SET
                        status = CASE WHEN EXCLUDED.status_version > f.status_version THEN EXCLUDED.status ELSE f.status END,
                        status_version = GREATEST(f.status_version, EXCLUDED.status_version),
                        accepted_at = LEAST(f.accepted_at, EXCLUDED.accepted_at),
                        resolved_at = LEAST(f.resolved_at, EXCLUDED.resolved_at),
                        closed = f.closed OR EXCLUDED.closed,
                        rejected = f.rejected OR EXCLUDED.rejected,
                        returned_once = f.returned_once OR EXCLUDED.returned_once,
                        reopened_once = f.reopened_once OR EXCLUDED.reopened_once""")) {
                ps.setString(1, e.ticketId());
                ps.setString(2, e.departmentId());
                ps.setString(3, e.category());
                ps.setString(4, to.name());
                ps.setLong(5, e.version());
                ps.setObject(6, to == TicketStatus.ACCEPTED ? e.at() : null, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
                ps.setObject(7, to == TicketStatus.RESOLVED ? e.at() : null, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
                ps.setBoolean(8, to == TicketStatus.CLOSED);
                ps.setBoolean(9, to == TicketStatus.REJECTED);
                ps.setBoolean(10, to == TicketStatus.RETURNED);
                ps.setBoolean(11, to == TicketStatus.REOPENED);
                ps.executeUpdate();
            }
        });
    }

    /** Inside {@link #changing} only. */
    public void feedback(String ticketId, boolean fixed) {
        update(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO ticket_fact AS f (ticket_id, confirmed, disputed) VALUES (?, ?, ?)
                    ON CONFLICT (ticket_id) DO UPDATE SET confirmed = f.confirmed + EXCLUDED.confirmed,
                        disputed = f.disputed + EXCLUDED.disputed""")) {
                ps.setString(1, ticketId);
                ps.setInt(2, fixed ? 1 : 0);
                ps.setInt(3, fixed ? 0 : 1);
                ps.executeUpdate();
            }
        });
    }

    /** Counts the open tickets whose deadline fell before {@code upto} as overdue in the rollup (StatsSql.advanceOverdue). */
    public long advanceOverdue(java.time.Instant upto) {
        return em.unwrap(Session.class).doReturningWork(c -> StatsSql.advanceOverdue(c, upto));
    }

    /**
     * Runs {@code updates}, the fact updates of a poll's events, on the facts of {@code ticketIds} (every ticket they
     * change), and brings the rollup along: each rollup row counts the difference between those facts after the
     * updates and before them, written once.
     */
    public void changing(Collection<String> ticketIds, Runnable updates) {
        String[] ids = ticketIds.stream().sorted().distinct().toArray(String[]::new);
        Session session = em.unwrap(Session.class);
        // The overdue watermark stays where it is until this transaction ends (StatsSql.advanceOverdue waits), so the
        // contributions are taken out and put back with the same one; a rebuild waits for these facts' change.
        String before = session.doReturningWork(c -> StatsSql.lockFacts(c, ids));
        updates.run();
        session.doWork(c -> StatsSql.applyChange(c, before, ids, zone));
    }

    private void update(SqlWork update) {
        em.unwrap(Session.class).doWork(update::run);
    }

    @FunctionalInterface
    private interface SqlWork {
        void run(Connection connection) throws SQLException;
    }
}
