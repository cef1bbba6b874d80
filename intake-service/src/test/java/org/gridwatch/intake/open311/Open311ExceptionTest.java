package org.gridwatch.intake.open311;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.gridwatch.common.api.ApiException;
import org.gridwatch.common.api.Problem;
import org.junit.jupiter.api.Test;

/** Refusals of the shared submission flow keep their status and Retry-After and speak Open311's argument names. */
class Open311ExceptionTest {

    @Test
    void unavailableKeepsStatusAndRetryAfter() {
        Open311Exception e = Open311Exception.of(ApiException.unavailable("Reports cannot be accepted right now", 10));

        assertEquals(503, e.status());
        assertEquals(10, e.retryAfterSeconds());
        assertEquals(List.of(new Open311Error(503, "Reports cannot be accepted right now")), e.errors());
    }

    @Test
    void rateLimitKeepsRetryAfter() {
        Open311Exception e = Open311Exception.of(new ApiException(429, "Too Many Requests", "At most 60 new reports per hour",
                null, 42));

        assertEquals(429, e.status());
        assertEquals(42, e.retryAfterSeconds());
    }

    @Test
    void fieldErrorsNameTheOpen311Arguments() {
        Open311Exception e = Open311Exception.of(ApiException.unprocessable("Unknown or retired category X", List.of(
                new Problem.FieldError("category", "not an active category"),
                new Problem.FieldError("location.lon", "out of range"),
                new Problem.FieldError("mediaUrls[0]", "must be an http(s) URL"))));

        assertEquals(List.of(new Open311Error(422, "service_code: not an active category"),
                new Open311Error(422, "long: out of range"),
                new Open311Error(422, "media_url: must be an http(s) URL")), e.errors());
    }
}
