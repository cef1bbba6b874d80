package org.gridwatch.intake.open311;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;
import java.util.function.Function;

import org.gridwatch.intake.api.ReportRequest;

/**
 * When two POSTs are the same request, and the {@code service_request_id} they share. Two POSTs are the same when
 * the same client (by its api_key) sends the same {@code account_id}, {@code service_code}, {@code lat} and
 * {@code long} (as numbers: 22.50 is 22.5), {@code address_string}, {@code description} and {@code media_url}
 * (blank is absent); the other arguments (the caller's contact details, {@code device_id}, {@code attribute[]},
 * {@code jurisdiction_id}) and the format are not part of the request GridWatch keeps.
 *
 * <p>The id is derived from that content and from the window of time it was posted in (windows of the duplicate
 * window's length, counted from the epoch), so that concurrent retries collide on one id. A retry in the next window
 * keeps the earlier id while the earlier request is younger than the duplicate window.
 */
final class SameRequest {

    private SameRequest() {
    }

    /** SHA-256 of the request's content, as hex. */
    static String fingerprint(String clientId, String accountId, ReportRequest report) {
        String mediaUrl = report.mediaUrls().isEmpty() ? null : report.mediaUrls().get(0);
        StringBuilder canonical = new StringBuilder();
        for (String field : Arrays.asList(clientId, accountId, report.category(),
                Double.toString(report.location().lat()), Double.toString(report.location().lon()), report.address(),
                report.description(), mediaUrl)) {
            // Length-prefixed, so that no two different requests can join into the same text.
            canonical.append(field == null ? "-" : field.length() + ":" + field).append('|');
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The number of the window that {@code at} falls in. */
    static long windowOf(Instant at, Duration window) {
        return Math.floorDiv(at.toEpochMilli(), window.toMillis());
    }

    /** The id of the request with this fingerprint first posted in window {@code windowNumber}. */
    static UUID idIn(String fingerprint, long windowNumber) {
        return UUID.nameUUIDFromBytes(("open311-request:" + fingerprint + ":" + windowNumber).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The id for a request posted at {@code now}: that of the previous window if a request with it was submitted less
     * than {@code window} ago ({@code previousSubmittedAt} tells when, or null), else this window's.
     */
    static UUID idFor(String fingerprint, Instant now, Duration window, Function<UUID, Instant> previousSubmittedAt) {
        long current = windowOf(now, window);
        UUID previous = idIn(fingerprint, current - 1);
        Instant at = previousSubmittedAt.apply(previous);
        if (at != null && at.isAfter(now.minus(window))) {
            return previous;
        }
        return idIn(fingerprint, current);
    }
}
