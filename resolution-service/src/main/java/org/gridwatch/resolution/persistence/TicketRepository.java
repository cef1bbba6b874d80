package org.gridwatch.resolution.persistence;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** Tickets by id, always read within one department's scope. */
@ApplicationScoped
public class TicketRepository implements PanacheRepositoryBase<Ticket, String> {

    /** The ticket if it belongs to {@code departmentId}; otherwise nothing, as if it did not exist. */
    public Optional<Ticket> findForDepartment(String ticketId, String departmentId) {
        return findByIdOptional(ticketId).filter(t -> t.departmentId.equals(departmentId));
    }
}
