package org.gridwatch.resolution.service;

import java.time.OffsetDateTime;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.gridwatch.resolution.api.TicketView;
import org.gridwatch.resolution.persistence.TicketRepository;

/** Read side of tickets, always scoped to one department. */
@ApplicationScoped
public class TicketQueries {

    private final TicketRepository tickets;

    public TicketQueries(TicketRepository tickets) {
        this.tickets = tickets;
    }

    /** The ticket, if it exists and belongs to {@code departmentId} (a staff token without one sees nothing). */
    @Transactional
    public Optional<TicketView> find(String ticketId, String departmentId, OffsetDateTime now) {
        if (departmentId == null || departmentId.isBlank()) {
            return Optional.empty();
        }
        return tickets.findForDepartment(ticketId, departmentId).map(t -> TicketView.from(t, now));
    }
}
