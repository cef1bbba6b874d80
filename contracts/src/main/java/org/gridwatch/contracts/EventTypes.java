package org.gridwatch.contracts;

import java.util.List;
import java.util.Optional;
import org.gridwatch.contracts.events.Category;
import org.gridwatch.contracts.events.GridWatchEvent;
import org.gridwatch.contracts.events.ReportMerged;
import org.gridwatch.contracts.events.ReportSubmitted;
import org.gridwatch.contracts.events.ReporterFeedback;
import org.gridwatch.contracts.events.TicketAssigned;
import org.gridwatch.contracts.events.TicketReturned;
import org.gridwatch.contracts.events.TicketStatusChanged;

/**
 * Registry of the event records: their CloudEvents type and the topic that carries them.
 */
public final class EventTypes {

    /** One event record with its {@code ce_type} and topic. */
    public record EventType(Class<? extends GridWatchEvent> recordClass, String ceType, String topic) {
    }

    private static final List<EventType> ALL = List.of(
            new EventType(ReportSubmitted.class, ReportSubmitted.CE_TYPE, Topics.REPORTS),
            new EventType(TicketAssigned.class, TicketAssigned.CE_TYPE, Topics.ASSIGNMENTS),
            new EventType(ReportMerged.class, ReportMerged.CE_TYPE, Topics.ASSIGNMENTS),
            new EventType(TicketStatusChanged.class, TicketStatusChanged.CE_TYPE, Topics.TICKET_EVENTS),
            new EventType(TicketReturned.class, TicketReturned.CE_TYPE, Topics.RETURNS),
            new EventType(ReporterFeedback.class, ReporterFeedback.CE_TYPE, Topics.FEEDBACK),
            new EventType(Category.class, Category.CE_TYPE, Topics.CATEGORIES));

    private EventTypes() {
    }

    public static List<EventType> all() {
        return ALL;
    }

    /** The record class for a {@code ce_type} header value, if it is one of ours. */
    public static Optional<Class<? extends GridWatchEvent>> forCeType(String ceType) {
        return ALL.stream()
                .filter(type -> type.ceType().equals(ceType))
                .<Class<? extends GridWatchEvent>>map(EventType::recordClass)
                .findFirst();
    }

    /** The registration of an event record class. */
    public static EventType of(Class<? extends GridWatchEvent> recordClass) {
        return ALL.stream()
                .filter(type -> type.recordClass().equals(recordClass))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Not a GridWatch event record: " + recordClass.getName()));
    }
}
