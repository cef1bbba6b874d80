package org.gridwatch.routing.persistence;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** The hops of tickets. */
@ApplicationScoped
public class TicketHopRepository implements PanacheRepositoryBase<TicketHop, String> {

    public Optional<TicketHop> find(String ticketId, int hop) {
        return findByIdOptional(TicketHop.key(ticketId, hop));
    }
}
