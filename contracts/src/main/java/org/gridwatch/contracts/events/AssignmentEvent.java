package org.gridwatch.contracts.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.gridwatch.contracts.Priority;

/**
 * What routing decided for a report, published on {@code gridwatch.assignments.v1} keyed by ticket id.
 * The JSON carries a {@code "type"} property so one consumer can read both kinds.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = AssignmentEvent.TYPE_PROPERTY)
@JsonSubTypes({
        @JsonSubTypes.Type(value = TicketAssigned.class, name = "TicketAssigned"),
        @JsonSubTypes.Type(value = ReportMerged.class, name = "ReportMerged")
})
public sealed interface AssignmentEvent extends GridWatchEvent permits TicketAssigned, ReportMerged {

    String TYPE_PROPERTY = "type";

    String ticketId();

    UUID reportId();

    String reporterId();

    OffsetDateTime submittedAt();

    /** The ticket's priority after this decision. */
    Priority priority();

    @Override
    default String subject() {
        return ticketId();
    }
}
