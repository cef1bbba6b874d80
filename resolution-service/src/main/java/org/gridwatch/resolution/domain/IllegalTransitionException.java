package org.gridwatch.resolution.domain;

import org.gridwatch.contracts.events.TicketStatus;

/** A transition the lifecycle does not allow from the ticket's current status. */
public class IllegalTransitionException extends RuntimeException {

    private final TicketStatus from;
    private final Transition transition;

    public IllegalTransitionException(TicketStatus from, Transition transition) {
        super("A ticket in status " + from + " cannot be " + transition.name().toLowerCase() + "ed");
        this.from = from;
        this.transition = transition;
    }

    public TicketStatus from() {
        return from;
    }

    public Transition transition() {
        return transition;
    }
}
