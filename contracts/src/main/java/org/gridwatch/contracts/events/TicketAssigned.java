package org.gridwatch.contracts.events;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.gridwatch.contracts.Priority;

/**
 * Routing opened a ticket for a report, or re-dispatched a returned ticket, and assigned it to a department.
 * {@code hop} is 0 for the first assignment and n for the n-th re-dispatch after a return;
 * {@code areaPath} lists area codes from the city down to the grid; {@code gridCode} is null when the
 * point lies outside every grid ({@code unlocated}). Deadlines are computed from {@code assignedAt}.
 *
 * <p>{@code departmentName} and {@code areaNames} (one name per code of {@code areaPath}, same order; an entry
 * is null when routing knows no name for that code) let readers show names without asking routing. They were
 * added after v1 was first published: events from an older routing carry neither, which reads as a null
 * name and an empty list.
 *
 * <p>{@code splitFrom} is null on routing's assignments. Resolution publishes a {@code TicketAssigned} of its own,
 * with {@code splitFrom} naming the finished ticket, when a report that routing merged into a ticket reaches
 * resolution after that ticket was finished (RESOLVED, CLOSED or REJECTED): the report then opens this new ticket
 * (hop 0, id {@code T-<reportId>}) with the finished ticket's department and rule, instead of joining a ticket
 * nobody works any more. Optional, added after v1 was first published.
 */
public record TicketAssigned(
        UUID eventId,
        String ticketId,
        UUID reportId,
        String reporterId,
        String category,
        Priority priority,
        String departmentId,
        String gridCode,
        List<String> areaPath,
        boolean unlocated,
        GeoPoint location,
        String ruleId,
        long ruleSetVersion,
        int hop,
        String reason,
        OffsetDateTime submittedAt,
        OffsetDateTime assignedAt,
        OffsetDateTime responseDueAt,
        OffsetDateTime resolveDueAt,
        String departmentName,
        List<String> areaNames,
        String splitFrom) implements AssignmentEvent {

    public static final String CE_TYPE = "org.gridwatch.ticket.assigned.v1";

    public TicketAssigned {
        areaPath = Copies.list(areaPath);
        areaNames = Copies.list(areaNames);
    }

    /** An assignment without names, as routing published it before names were added. */
    public TicketAssigned(UUID eventId, String ticketId, UUID reportId, String reporterId, String category,
                          Priority priority, String departmentId, String gridCode, List<String> areaPath, boolean unlocated,
                          GeoPoint location, String ruleId, long ruleSetVersion, int hop, String reason,
                          OffsetDateTime submittedAt, OffsetDateTime assignedAt, OffsetDateTime responseDueAt,
                          OffsetDateTime resolveDueAt) {
        this(eventId, ticketId, reportId, reporterId, category, priority, departmentId, gridCode, areaPath, unlocated,
                location, ruleId, ruleSetVersion, hop, reason, submittedAt, assignedAt, responseDueAt, resolveDueAt,
                null, List.of(), null);
    }

    /** Routing's assignment, with names (not a split). */
    public TicketAssigned(UUID eventId, String ticketId, UUID reportId, String reporterId, String category,
                          Priority priority, String departmentId, String gridCode, List<String> areaPath, boolean unlocated,
                          GeoPoint location, String ruleId, long ruleSetVersion, int hop, String reason,
                          OffsetDateTime submittedAt, OffsetDateTime assignedAt, OffsetDateTime responseDueAt,
                          OffsetDateTime resolveDueAt, String departmentName, List<String> areaNames) {
        this(eventId, ticketId, reportId, reporterId, category, priority, departmentId, gridCode, areaPath, unlocated,
                location, ruleId, ruleSetVersion, hop, reason, submittedAt, assignedAt, responseDueAt, resolveDueAt,
                departmentName, areaNames, null);
    }

    @Override
    public String ceType() {
        return CE_TYPE;
    }
}
