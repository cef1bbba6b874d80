package org.gridwatch.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CloudEventHeadersTest {

    @Test
    void timeAlwaysHasSecondsAsRfc3339Requires() {
        OffsetDateTime onTheMinute = OffsetDateTime.of(2026, 3, 2, 8, 0, 0, 0, ZoneOffset.UTC);
        Map<String, String> headers = CloudEventHeaders.forEvent(Samples.reportSubmitted(), "/gridwatch/test", onTheMinute);
        assertEquals("2026-03-02T08:00:00Z", headers.get(CloudEventHeaders.TIME));
        OffsetDateTime withNanos = OffsetDateTime.of(2026, 3, 2, 8, 0, 1, 500_000_000, ZoneOffset.ofHours(8));
        assertEquals("2026-03-02T08:00:01.5+08:00",
                CloudEventHeaders.forEvent(Samples.reportSubmitted(), "/gridwatch/test", withNanos).get(CloudEventHeaders.TIME));
    }
}
