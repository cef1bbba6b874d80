package org.gridwatch.contracts;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.gridwatch.contracts.events.Category;
import org.gridwatch.contracts.events.GeoPoint;
import org.gridwatch.contracts.events.GridWatchEvent;
import org.gridwatch.contracts.events.ReportChannel;
import org.gridwatch.contracts.events.ReportMerged;
import org.gridwatch.contracts.events.ReportSubmitted;
import org.gridwatch.contracts.events.ReporterFeedback;
import org.gridwatch.contracts.events.TicketAssigned;
import org.gridwatch.contracts.events.TicketReturned;
import org.gridwatch.contracts.events.TicketStatus;
import org.gridwatch.contracts.events.TicketStatusChanged;

/**
 * Realistic instances of every event, one story: a missing manhole cover reported, routed, merged,
 * returned, re-dispatched, resolved and confirmed.
 */
final class Samples {

    static final OffsetDateTime SUBMITTED_AT = OffsetDateTime.of(2026, 5, 12, 1, 30, 12, 345_000_000, ZoneOffset.UTC);
    static final GeoPoint LOCATION = new GeoPoint(22.6583, 114.0257, 8.5);
    static final UUID REPORT_ID = UUID.fromString("0b6f4a8e-51f7-4d0e-9a44-3f1f5c2d7e10");
    static final String TICKET_ID = "T-20260512-000417";
    static final List<String> AREA_PATH = List.of("SZ", "SZ-LH", "SZ-LH-MZ", "SZ-LH-MZ-03", "LH-MZ-017");
    /** The grid has no name in routing's import: its entry is null. */
    static final List<String> AREA_NAMES = java.util.Arrays.asList("深圳市", "龙华区", "民治街道", "民治社区", null);

    private Samples() {
    }

    static ReportSubmitted reportSubmitted() {
        return new ReportSubmitted(
                UUID.randomUUID(), REPORT_ID, "meituan:88231", ReportChannel.APP, "MANHOLE_COVER",
                "Manhole cover missing on the bike lane outside Longhua metro exit B, scooters swerve around it.",
                LOCATION, "Longhua Ave 268, exit B", SUBMITTED_AT.minusMinutes(4), SUBMITTED_AT,
                List.of("https://media.gridwatch.example/r/0b6f4a8e/1.jpg"),
                Map.of("platform", "meituan", "station", "LH-07"),
                "wecnvg");
    }

    static ReportSubmitted open311ReportWithoutOptionalFields() {
        return new ReportSubmitted(
                UUID.randomUUID(), UUID.randomUUID(), "open311:city-app", ReportChannel.OPEN311, "STREET_LIGHT",
                "Street light out", new GeoPoint(22.6601, 114.0301, null), null, null, SUBMITTED_AT,
                null, null, "wecnvu");
    }

    static TicketAssigned ticketAssigned() {
        OffsetDateTime assignedAt = SUBMITTED_AT.plusSeconds(2);
        return new TicketAssigned(
                UUID.randomUUID(), TICKET_ID, REPORT_ID, "meituan:88231", "MANHOLE_COVER", Priority.P1,
                "longhua-urban-management", "LH-MZ-017", AREA_PATH, false, LOCATION,
                "rule-42", 7, 0, "rule-42 matches MANHOLE_COVER at district SZ-LH",
                SUBMITTED_AT, assignedAt,
                assignedAt.plus(Priority.P1.defaultResponseTime()),
                assignedAt.plus(Priority.P1.defaultResolutionTime()),
                "Longhua District Urban Management", AREA_NAMES);
    }

    static TicketAssigned unlocatedTicketAssignedAfterReturns() {
        OffsetDateTime assignedAt = SUBMITTED_AT.plusHours(5);
        return new TicketAssigned(
                UUID.randomUUID(), "T-20260512-000418", UUID.randomUUID(), "didi:5521", "OTHER", Priority.P3,
                "sz-operations-centre", null, List.of("SZ"), true, new GeoPoint(22.9, 114.6, null),
                "rule-1", 7, 3, "returned 3 times: city fallback",
                SUBMITTED_AT, assignedAt,
                assignedAt.plus(Priority.P3.defaultResponseTime()),
                assignedAt.plus(Priority.P3.defaultResolutionTime()));
    }

    static ReportMerged reportMerged() {
        return new ReportMerged(
                UUID.randomUUID(), TICKET_ID, UUID.randomUUID(), "eleme:10442",
                SUBMITTED_AT.plusMinutes(20), SUBMITTED_AT.plusMinutes(20).plusSeconds(1), 3, Priority.P0,
                "longhua-urban-management", "Longhua District Urban Management", AREA_PATH, AREA_NAMES);
    }

    /** As routing published merges before they carried the ticket's department and area. */
    static ReportMerged reportMergedWithoutTicketDetails() {
        return new ReportMerged(
                UUID.randomUUID(), TICKET_ID, UUID.randomUUID(), "didi:7713",
                SUBMITTED_AT.plusMinutes(25), SUBMITTED_AT.plusMinutes(25).plusSeconds(1), 3, Priority.P0);
    }

    /** A ticket resolution opened for a report that routing merged into a ticket already resolved. */
    static TicketAssigned ticketSplitFromAFinishedOne() {
        OffsetDateTime assignedAt = SUBMITTED_AT.plusHours(10);
        return new TicketAssigned(
                UUID.randomUUID(), "T-" + REPORT_ID, REPORT_ID, "eleme:10442", "MANHOLE_COVER", Priority.P1,
                "longhua-urban-management", "LH-MZ-017", AREA_PATH, false, LOCATION,
                "rule-42", 7, 0, "ticket T-20260512-000417 was already RESOLVED when this report reached it: a new ticket",
                SUBMITTED_AT.plusHours(9), assignedAt,
                assignedAt.plus(Priority.P1.defaultResponseTime()),
                assignedAt.plus(Priority.P1.defaultResolutionTime()),
                "Longhua District Urban Management", AREA_NAMES, TICKET_ID);
    }

    static ReportMerged reportMergedWithLocation() {
        return new ReportMerged(
                UUID.randomUUID(), TICKET_ID, UUID.randomUUID(), "eleme:10443",
                SUBMITTED_AT.plusMinutes(21), SUBMITTED_AT.plusMinutes(21).plusSeconds(1), 4, Priority.P0,
                "longhua-urban-management", "Longhua District Urban Management", AREA_PATH, AREA_NAMES,
                new GeoPoint(22.6561, 114.0302, 8.0));
    }

    /** A ticket with more reports than one event names. */
    static TicketStatusChanged ticketAcceptedWithManyReports() {
        List<UUID> first = java.util.stream.Stream.generate(UUID::randomUUID).limit(TicketStatusChanged.MAX_REPORT_IDS).toList();
        return new TicketStatusChanged(
                UUID.randomUUID(), TICKET_ID, first, TicketStatus.ASSIGNED, TicketStatus.ACCEPTED, "staff:lh-um-031",
                SUBMITTED_AT.plusHours(1), null, "longhua-urban-management", "MANHOLE_COVER", Priority.P0, 140, null,
                2_400, null);
    }

    static TicketStatusChanged splitTicketCreated() {
        return new TicketStatusChanged(
                UUID.randomUUID(), "T-" + REPORT_ID, List.of(REPORT_ID), null, TicketStatus.ASSIGNED, "resolution-service",
                SUBMITTED_AT.plusHours(10), "a new ticket", "longhua-urban-management", "MANHOLE_COVER", Priority.P1, 1, null,
                1, TICKET_ID);
    }

    static TicketStatusChanged ticketCreated() {
        return new TicketStatusChanged(
                UUID.randomUUID(), TICKET_ID, List.of(REPORT_ID), null, TicketStatus.ASSIGNED, "routing",
                SUBMITTED_AT.plusSeconds(3), null, "longhua-urban-management", "MANHOLE_COVER", Priority.P1, 1, null);
    }

    static TicketStatusChanged ticketResolved() {
        return new TicketStatusChanged(
                UUID.randomUUID(), TICKET_ID, List.of(REPORT_ID, UUID.randomUUID()),
                TicketStatus.IN_PROGRESS, TicketStatus.RESOLVED, "staff:lh-um-031", SUBMITTED_AT.plusHours(9),
                "Temporary steel plate fitted, replacement cover ordered.", "longhua-urban-management",
                "MANHOLE_COVER", Priority.P0, 5, null);
    }

    static TicketStatusChanged ticketEscalated() {
        return new TicketStatusChanged(
                UUID.randomUUID(), TICKET_ID, List.of(REPORT_ID), TicketStatus.ASSIGNED, TicketStatus.ASSIGNED,
                "system", SUBMITTED_AT.plusHours(2).plusMinutes(1), "Not accepted within 2 h",
                "longhua-urban-management", "MANHOLE_COVER", Priority.P1, 2, TicketStatusChanged.ESCALATION_RESPONSE);
    }

    static TicketReturned ticketReturned() {
        return new TicketReturned(
                UUID.randomUUID(), TICKET_ID, REPORT_ID, "MANHOLE_COVER", LOCATION, "longhua-water-affairs",
                "Storm drain covers belong to urban management, not water supply.", "staff:lh-wa-004",
                SUBMITTED_AT.plusHours(1), 2, List.of("longhua-urban-management"));
    }

    static ReporterFeedback reporterFeedback() {
        return new ReporterFeedback(
                UUID.randomUUID(), TICKET_ID, REPORT_ID, "meituan:88231", true, "Plate is in, thanks.",
                SUBMITTED_AT.plusHours(11));
    }

    static ReporterFeedback disputeWithoutComment() {
        return new ReporterFeedback(
                UUID.randomUUID(), TICKET_ID, REPORT_ID, "meituan:88231", false, null, SUBMITTED_AT.plusHours(11));
    }

    static Category category() {
        return new Category(
                "MANHOLE_COVER", "井盖缺失或破损", "Missing or damaged manhole cover", Priority.P1, 30, 72,
                "Streets and Sidewalks", List.of("manhole", "井盖", "drain cover"), true,
                OffsetDateTime.of(2026, 4, 30, 16, 0, 0, 0, ZoneOffset.UTC));
    }

    static Category retiredCategoryWithoutOpen311Group() {
        return new Category(
                "ACCESS_OBSTACLE", "小区通行障碍", "Delivery access obstacle", Priority.P3, 50, 168,
                null, null, false, OffsetDateTime.of(2026, 5, 1, 0, 0, 0, 0, ZoneOffset.UTC));
    }

    static List<GridWatchEvent> all() {
        return List.of(
                reportSubmitted(), open311ReportWithoutOptionalFields(),
                ticketAssigned(), unlocatedTicketAssignedAfterReturns(), reportMerged(), reportMergedWithoutTicketDetails(),
                ticketSplitFromAFinishedOne(), reportMergedWithLocation(),
                ticketCreated(), ticketResolved(), ticketEscalated(), ticketAcceptedWithManyReports(), splitTicketCreated(),
                ticketReturned(), reporterFeedback(), disputeWithoutComment(),
                category(), retiredCategoryWithoutOpen311Group());
    }
}
