package org.gridwatch.contracts.events;

/**
 * States of a ticket's lifecycle in resolution-service.
 */
public enum TicketStatus {
    ASSIGNED,
    ACCEPTED,
    IN_PROGRESS,
    RESOLVED,
    CLOSED,
    REJECTED,
    RETURNED,
    REOPENED;

    /** Whether new duplicate reports may still be merged into a ticket in this state. */
    public boolean isOpen() {
        return this != RESOLVED && this != CLOSED && this != REJECTED;
    }
}
