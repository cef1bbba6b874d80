package org.gridwatch.resolution.service;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.gridwatch.common.api.ApiException;
import org.gridwatch.common.api.Cursor;
import org.gridwatch.common.api.Page;
import org.gridwatch.contracts.events.TicketStatus;
import org.gridwatch.resolution.api.TicketView;
import org.gridwatch.resolution.persistence.Ticket;
import org.gridwatch.resolution.persistence.TicketRepository;

/** Read side of tickets, always scoped to one department. */
@ApplicationScoped
public class TicketQueries {

    /** The filters of the staff list; null means "any". */
    public record Filter(TicketStatus status, String category, String area, Boolean overdue) {
    }

    private final TicketRepository tickets;
    private final Clock clock;

    public TicketQueries(TicketRepository tickets, Clock clock) {
        this.tickets = tickets;
        this.clock = clock;
    }

    /** The ticket, if it exists and belongs to {@code departmentId} (a staff token without one sees nothing). */
    @Transactional
    public Optional<TicketView> find(String ticketId, String departmentId) {
        if (departmentId == null || departmentId.isBlank()) {
            return Optional.empty();
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        return tickets.findForDepartment(ticketId, departmentId).map(t -> TicketView.from(t, now));
    }

    /** A page of the department's tickets, the most pressing resolve deadline first. */
    @Transactional
    public Page<TicketView> list(String departmentId, Filter filter, String cursor, int limit) {
        OffsetDateTime afterDue = null;
        String afterId = null;
        if (cursor != null && !cursor.isBlank()) {
            List<String> parts = Cursor.decode(cursor, 2);
            afterDue = Cursor.time(parts.get(0));
            afterId = parts.get(1);
        }
        if (departmentId == null || departmentId.isBlank()) {
            return new Page<>(List.of(), null);
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<Ticket> rows = tickets.page(departmentId, filter.status(), filter.category(), filter.area(), filter.overdue(),
                now, afterDue, afterId, limit + 1);
        boolean more = rows.size() > limit;
        List<Ticket> page = more ? rows.subList(0, limit) : rows;
        String next = null;
        if (more) {
            Ticket last = page.get(page.size() - 1);
            next = Cursor.encode(last.resolveDueAt.toString(), last.id);
        }
        return new Page<>(page.stream().map(t -> TicketView.from(t, now)).toList(), next);
    }

    /** The same answer for a missing ticket and another department's, so neither reveals the other. */
    public static ApiException notFound(String ticketId) {
        return ApiException.notFound("No ticket " + ticketId + " in your department");
    }
}
