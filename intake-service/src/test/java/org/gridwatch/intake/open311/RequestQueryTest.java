package org.gridwatch.intake.open311;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** The search arguments of GET requests: the spec's 90-day window and its forms. */
class RequestQueryTest {

    private static final OffsetDateTime NOW = OffsetDateTime.parse("2026-06-30T12:00:00Z");

    @Test
    void withoutDatesTheWindowIsTheLatest90Days() {
        assertEquals(new RequestQuery.Window(NOW.minusDays(90), NOW), query(null, null).window(NOW));
    }

    @Test
    void oneDateOpensA90DayWindowFromIt() {
        OffsetDateTime start = OffsetDateTime.parse("2026-01-01T00:00:00Z");
        assertEquals(new RequestQuery.Window(start, start.plusDays(90)), query("2026-01-01T00:00:00Z", null).window(NOW));
        assertEquals(new RequestQuery.Window(start.minusDays(90), start), query(null, "2026-01-01T00:00:00Z").window(NOW));
    }

    @Test
    void offsetWhosePlusArrivedAsASpaceIsStillRead() {
        assertEquals(OffsetDateTime.parse("2026-01-01T08:00:00+08:00"),
                query("2026-01-01T08:00:00 08:00", null).window(NOW).start());
    }

    @Test
    void reversedOrTooWideOrUnreadableDatesAreRefused() {
        assertEquals(400, assertThrows(Open311Exception.class,
                () -> query("2026-02-01T00:00:00Z", "2026-01-01T00:00:00Z").window(NOW)).status());
        assertEquals(400, assertThrows(Open311Exception.class,
                () -> query("2026-01-01T00:00:00Z", "2026-04-02T00:00:00Z").window(NOW)).status());
        assertEquals(400, assertThrows(Open311Exception.class, () -> query("2026-01-01", null).window(NOW)).status());
    }

    @Test
    void idsThatAreNoGridWatchIdsNameNoRequest() {
        UUID id = UUID.randomUUID();
        RequestQuery q = new RequestQuery(null, null, " 12345 , " + id + ",,", null, null, null, null);
        assertEquals(List.of(id), List.copyOf(q.ids()));
    }

    @Test
    void statusIsOpenClosedOrBoth() {
        assertEquals(EnumSet.of(Open311Status.OPEN), Open311Status.parse("open"));
        assertEquals(EnumSet.allOf(Open311Status.class), Open311Status.parse("open,closed"));
        assertEquals(EnumSet.allOf(Open311Status.class), Open311Status.parse(null));
        assertEquals(400, assertThrows(Open311Exception.class, () -> Open311Status.parse("pending")).status());
        assertEquals(Set.of("RESOLVED", "CLOSED", "REJECTED"), Open311Status.CLOSED_REPORT_STATUSES);
    }

    private static RequestQuery query(String start, String end) {
        return new RequestQuery(null, null, null, null, start, end, null);
    }
}
