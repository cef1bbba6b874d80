package org.gridwatch.resolution.service;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.gridwatch.contracts.events.TicketStatusChanged;
import org.gridwatch.resolution.config.ResolutionConfig;
import org.gridwatch.resolution.domain.Deadlines;
import org.gridwatch.resolution.domain.Transition;
import org.gridwatch.resolution.persistence.Ticket;
import org.gridwatch.resolution.persistence.TicketRepository;

/** The time-driven changes: escalating missed deadlines once each, and closing resolutions the reporter left unanswered. */
@ApplicationScoped
public class DeadlineService {

    static final String SYSTEM_ACTOR = "system";
    /** Tickets per transaction, so one run never holds many locks for long. */
    static final int BATCH = 100;

    private final TicketRepository tickets;
    private final TicketTransitions transitions;
    private final Outbox outbox;
    private final ResolutionConfig config;

    public DeadlineService(TicketRepository tickets, TicketTransitions transitions, Outbox outbox, ResolutionConfig config) {
        this.tickets = tickets;
        this.transitions = transitions;
        this.outbox = outbox;
        this.config = config;
    }

    /** Escalates up to one batch of overdue tickets; returns how many tickets it looked at. */
    @Transactional
    public int escalateOverdue(OffsetDateTime now) {
        List<Ticket> due = tickets.lockUnescalatedOverdue(now, BATCH);
        for (Ticket t : due) {
            for (String escalation : Deadlines.escalationsDue(t.status, t.responseDueAt, t.resolveDueAt,
                    t.responseEscalatedAt != null, t.resolutionEscalatedAt != null, now)) {
                if (escalation.equals(TicketStatusChanged.ESCALATION_RESPONSE)) {
                    t.responseEscalatedAt = now;
                } else {
                    t.resolutionEscalatedAt = now;
                }
                String note = escalation.toLowerCase() + " deadline missed";
                // Not a status change: no new version, so the ETag staff hold stays valid. The history line and
                // the event commit together, like those of a transition.
                t.history.add(TicketEvents.escalationEntry(t, escalation, SYSTEM_ACTOR, now, note));
                outbox.add(TicketEvents.statusChanged(t, t.status, SYSTEM_ACTOR, now, note, escalation), now);
            }
        }
        return due.size();
    }

    /** Closes up to one batch of tickets resolved longer than the feedback window ago; returns how many. */
    @Transactional
    public int closeUnanswered(OffsetDateTime now) {
        List<Ticket> due = tickets.lockResolvedBefore(now.minus(config.autoCloseAfter()), BATCH);
        for (Ticket t : due) {
            if (Deadlines.autoCloseDue(t.status, t.resolvedAt, config.autoCloseAfter(), now)) {
                transitions.apply(t, Transition.CONFIRM, SYSTEM_ACTOR,
                        "No feedback within " + config.autoCloseAfter().toHours() + " h of the resolution", null, now);
            }
        }
        return due.size();
    }
}
