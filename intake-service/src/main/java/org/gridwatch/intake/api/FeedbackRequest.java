package org.gridwatch.intake.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A reporter's verdict on the fix of their report's ticket: {@code fixed} true confirms it (the ticket
 * closes), false disputes it (the ticket reopens); {@code comment} is optional.
 */
public record FeedbackRequest(
        @NotNull(message = "must be true or false") Boolean fixed,
        @Size(max = MAX_COMMENT) @Pattern(regexp = ReportRequest.NO_NUL, message = ReportRequest.NO_NUL_MESSAGE) String comment) {

    public static final int MAX_COMMENT = 1000;
}
