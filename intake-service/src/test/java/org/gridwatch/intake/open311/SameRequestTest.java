package org.gridwatch.intake.open311;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.gridwatch.intake.api.LocationInput;
import org.gridwatch.intake.api.ReportRequest;
import org.junit.jupiter.api.Test;

/** What makes two Open311 POSTs the same request, and how long they share a service_request_id. */
class SameRequestTest {

    private static final Duration DAY = Duration.ofHours(24);

    @Test
    void theSameContentFromTheSameClientAndCallerIsTheSameRequest() {
        String fingerprint = SameRequest.fingerprint("hotline", "caller-1", request("Pothole", 22.5, "Road 1", null));

        assertEquals(fingerprint, SameRequest.fingerprint("hotline", "caller-1", request("Pothole", 22.50, "Road 1", null)));
        assertNotEquals(fingerprint, SameRequest.fingerprint("partner", "caller-1", request("Pothole", 22.5, "Road 1", null)));
        assertNotEquals(fingerprint, SameRequest.fingerprint("hotline", "caller-2", request("Pothole", 22.5, "Road 1", null)));
        assertNotEquals(fingerprint, SameRequest.fingerprint("hotline", null, request("Pothole", 22.5, "Road 1", null)));
        assertNotEquals(fingerprint, SameRequest.fingerprint("hotline", "caller-1", request("Pothole!", 22.5, "Road 1", null)));
        assertNotEquals(fingerprint, SameRequest.fingerprint("hotline", "caller-1", request("Pothole", 22.5001, "Road 1", null)));
        assertNotEquals(fingerprint, SameRequest.fingerprint("hotline", "caller-1", request("Pothole", 22.5, null, null)));
        assertNotEquals(fingerprint, SameRequest.fingerprint("hotline", "caller-1",
                request("Pothole", 22.5, "Road 1", "https://img.example/1.jpg")));
        // Fields cannot run into each other: "a" + "b|c" is not "a|b" + "c".
        assertNotEquals(SameRequest.fingerprint("hotline", "a", request("b|c", 22.5, null, null)),
                SameRequest.fingerprint("hotline", "a|b", request("c", 22.5, null, null)));
    }

    @Test
    void aRetryWithinTheWindowKeepsTheIdAndOneAfterItGetsANewOne() {
        String fingerprint = SameRequest.fingerprint("hotline", null, request("Pothole", 22.5, null, null));
        Instant windowStart = Instant.ofEpochMilli(SameRequest.windowOf(Instant.parse("2026-12-03T10:00:00Z"), DAY) * DAY.toMillis());
        Map<UUID, Instant> stored = new HashMap<>();

        Instant first = windowStart.plus(Duration.ofHours(20));
        UUID id = post(fingerprint, first, stored);
        assertEquals(id, post(fingerprint, first.plus(Duration.ofHours(3)), stored), "later in the same window");
        assertEquals(id, post(fingerprint, first.plus(Duration.ofHours(23)), stored), "in the next window, within 24 h");
        UUID next = post(fingerprint, first.plus(Duration.ofHours(25)), stored);
        assertNotEquals(id, next, "more than 24 h after the first");
        assertEquals(next, post(fingerprint, first.plus(Duration.ofHours(27)), stored), "a retry of the second");
        assertNotEquals(next, post(fingerprint, first.plus(Duration.ofHours(60)), stored), "two windows later");
    }

    /** A POST at {@code at}: the id it gets, stored with its time if it is new. */
    private static UUID post(String fingerprint, Instant at, Map<UUID, Instant> stored) {
        UUID id = SameRequest.idFor(fingerprint, at, DAY, stored::get);
        stored.putIfAbsent(id, at);
        return id;
    }

    private static ReportRequest request(String description, double lat, String address, String mediaUrl) {
        return new ReportRequest(null, "ROAD_DAMAGE", description, new LocationInput(lat, 114.1, null), address, null,
                mediaUrl == null ? List.of() : List.of(mediaUrl), Map.of());
    }
}
