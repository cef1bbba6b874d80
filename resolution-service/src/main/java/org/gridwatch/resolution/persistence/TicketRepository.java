package org.gridwatch.resolution.persistence;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Query;

import org.gridwatch.contracts.events.TicketStatus;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** Tickets by id, always read within one department's scope, and the scans of the deadline watch. */
@ApplicationScoped
public class TicketRepository implements PanacheRepositoryBase<Ticket, String> {

    /** Statuses in which the department still owes the fix (see TicketLifecycle.awaitsResolution). */
    private static final String AWAITING = "('ASSIGNED', 'ACCEPTED', 'IN_PROGRESS', 'REOPENED')";

    /** The ticket if it belongs to {@code departmentId}; otherwise nothing, as if it did not exist. */
    public Optional<Ticket> findForDepartment(String ticketId, String departmentId) {
        return findByIdOptional(ticketId).filter(t -> t.departmentId.equals(departmentId));
    }

    /** Like {@link #findForDepartment} but row-locked for a change, so concurrent changes queue up. */
    public Optional<Ticket> lockForDepartment(String ticketId, String departmentId) {
        return lock(ticketId).filter(t -> t.departmentId.equals(departmentId));
    }

    /** The ticket, row-locked for a change. */
    public Optional<Ticket> lock(String ticketId) {
        return findByIdOptional(ticketId, LockModeType.PESSIMISTIC_WRITE);
    }

    /** One page of a department's tickets, by resolve deadline then id, after the keyset position if given. */
    @SuppressWarnings("unchecked")
    public List<Ticket> page(String departmentId, TicketStatus status, String category, String area, Boolean overdue,
                             OffsetDateTime now, OffsetDateTime afterDue, String afterId, int max) {
        StringBuilder sql = new StringBuilder("SELECT * FROM ticket WHERE department_id = :dept");
        if (status != null) {
            sql.append(" AND status = :status");
        }
        if (category != null) {
            sql.append(" AND category = :category");
        }
        if (area != null) {
            sql.append(" AND :area = ANY(area_path)");
        }
        if (overdue != null) {
            sql.append(overdue ? " AND " : " AND NOT ")
                    .append("(status IN ").append(AWAITING)
                    .append(" AND (resolve_due_at < :now OR (status = 'ASSIGNED' AND response_due_at < :now)))");
        }
        if (afterDue != null) {
            sql.append(" AND (resolve_due_at, id) > (:afterDue, :afterId)");
        }
        sql.append(" ORDER BY resolve_due_at, id LIMIT :max");
        Query query = getEntityManager().createNativeQuery(sql.toString(), Ticket.class)
                .setParameter("dept", departmentId)
                .setParameter("max", max);
        if (status != null) {
            query.setParameter("status", status.name());
        }
        if (category != null) {
            query.setParameter("category", category);
        }
        if (area != null) {
            query.setParameter("area", area);
        }
        if (overdue != null) {
            query.setParameter("now", now);
        }
        if (afterDue != null) {
            query.setParameter("afterDue", afterDue).setParameter("afterId", afterId);
        }
        return query.getResultList();
    }

    /** Up to {@code max} tickets with a deadline passed and not yet escalated, locked; busy rows are left for the next run. */
    @SuppressWarnings("unchecked")
    public List<Ticket> lockUnescalatedOverdue(OffsetDateTime now, int max) {
        return getEntityManager().createNativeQuery("""
                        SELECT * FROM ticket
                        WHERE (status = 'ASSIGNED' AND response_due_at < :now AND response_escalated_at IS NULL)
                           OR (status IN %s AND resolve_due_at < :now AND resolution_escalated_at IS NULL)
                        ORDER BY id LIMIT :max FOR UPDATE SKIP LOCKED""".formatted(AWAITING), Ticket.class)
                .setParameter("now", now)
                .setParameter("max", max)
                .getResultList();
    }

    /** Up to {@code max} RESOLVED tickets resolved at or before {@code resolvedBy}, locked. */
    @SuppressWarnings("unchecked")
    public List<Ticket> lockResolvedBefore(OffsetDateTime resolvedBy, int max) {
        return getEntityManager().createNativeQuery("""
                        SELECT * FROM ticket WHERE status = 'RESOLVED' AND resolved_at <= :by
                        ORDER BY id LIMIT :max FOR UPDATE SKIP LOCKED""", Ticket.class)
                .setParameter("by", resolvedBy)
                .setParameter("max", max)
                .getResultList();
    }
}
