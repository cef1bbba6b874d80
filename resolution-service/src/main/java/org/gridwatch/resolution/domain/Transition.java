package org.gridwatch.resolution.domain;

/** What can happen to a ticket: the staff actions of the API, the reporter's feedback and the 72-hour rule. */
public enum Transition {
    ACCEPT(false),
    START(false),
    RESOLVE(true),
    REJECT(true),
    RETURN(true),
    /** The reporter confirmed the fix, or the confirmation window passed in silence. */
    CONFIRM(false),
    /** The reporter disputed the fix. */
    DISPUTE(false);

    private final boolean needsNote;

    Transition(boolean needsNote) {
        this.needsNote = needsNote;
    }

    /** Whether the actor must say why (the resolution, the rejection reason, the return reason). */
    public boolean needsNote() {
        return needsNote;
    }
}
