package org.gridwatch.resolution.service;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.gridwatch.common.api.ApiException;
import org.gridwatch.common.api.Problem;
import org.gridwatch.contracts.events.TicketStatus;
import org.gridwatch.resolution.api.TicketView;
import org.gridwatch.resolution.domain.IllegalTransitionException;
import org.gridwatch.resolution.domain.TicketLifecycle;
import org.gridwatch.resolution.domain.Transition;
import org.gridwatch.resolution.persistence.Ticket;
import org.gridwatch.resolution.persistence.TicketRepository;

/**
 * Moves tickets through their lifecycle: each change bumps the version, appends to the history and writes
 * its events to the outbox, all in one transaction.
 */
@ApplicationScoped
public class TicketTransitions {

    private final TicketRepository tickets;
    private final Outbox outbox;
    private final Clock clock;

    public TicketTransitions(TicketRepository tickets, Outbox outbox, Clock clock) {
        this.tickets = tickets;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * A staff action on a ticket of {@code departmentId}, if the caller saw version {@code expectedVersion}:
     * 404 for a ticket outside the department, 412 for a stale version, 409 for an illegal transition.
     */
    @Transactional
    public TicketView byStaff(String ticketId, String departmentId, Transition transition, long expectedVersion, String actor,
                              String note, List<String> evidenceUrls) {
        String cleanNote = note == null || note.isBlank() ? null : note.strip();
        if (transition.needsNote() && cleanNote == null) {
            throw ApiException.badRequest("To " + transition.name().toLowerCase() + " a ticket, say why in 'note'",
                    List.of(new Problem.FieldError("note", "required")));
        }
        if (departmentId == null || departmentId.isBlank()) {
            throw TicketQueries.notFound(ticketId);
        }
        Ticket ticket = tickets.lockForDepartment(ticketId, departmentId).orElseThrow(() -> TicketQueries.notFound(ticketId));
        if (ticket.version != expectedVersion) {
            throw ApiException.preconditionFailed("Ticket " + ticketId + " is at version " + ticket.version
                    + ", not " + expectedVersion + "; read it again");
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        try {
            apply(ticket, transition, actor, cleanNote, evidenceUrls, now);
        } catch (IllegalTransitionException e) {
            throw ApiException.conflict(e.getMessage());
        }
        return TicketView.from(ticket, now);
    }

    /**
     * Applies {@code transition} to a ticket locked by the caller's transaction, or throws
     * {@link IllegalTransitionException} and changes nothing.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(Ticket ticket, Transition transition, String actor, String note, List<String> evidenceUrls,
                      OffsetDateTime at) {
        TicketStatus from = ticket.status;
        ticket.status = TicketLifecycle.next(from, transition);
        ticket.version++;
        if (ticket.status == TicketStatus.RESOLVED) {
            ticket.resolvedAt = at;
        }
        ticket.history.add(TicketEvents.historyEntry(ticket, from, actor, at, note, evidenceUrls));
        outbox.add(TicketEvents.statusChanged(ticket, from, actor, at, note, null), at);
        if (ticket.status == TicketStatus.RETURNED) {
            outbox.add(TicketEvents.returned(ticket, actor, at, note), at);
        }
    }
}
