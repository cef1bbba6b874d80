package org.gridwatch.common.api;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;

/**
 * Opaque keyset cursors: the sort-key values of the last item of a page, joined and base64url-encoded.
 * A cursor that does not decode is the caller's error (400 naming {@code cursor}), never a 500.
 */
public final class Cursor {

    private static final char SEPARATOR = '\u001f';
    /** PostgreSQL's timestamps run from 4713 BC to 294276 AD; a cursor's time outside them was never issued. */
    private static final OffsetDateTime EARLIEST = OffsetDateTime.parse("-4712-01-01T00:00:00Z");
    private static final OffsetDateTime LATEST = OffsetDateTime.parse("+294276-12-31T00:00:00Z");

    private Cursor() {
    }

    public static String encode(String... parts) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(String.join(String.valueOf(SEPARATOR), parts).getBytes(StandardCharsets.UTF_8));
    }

    /** The parts of {@code cursor}, exactly {@code expectedParts} of them. */
    public static List<String> decode(String cursor, int expectedParts) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            List<String> parts = List.of(raw.split(String.valueOf(SEPARATOR), -1));
            // A NUL never comes out of encode (no stored value holds one) and PostgreSQL refuses it as a parameter.
            if (parts.size() != expectedParts || raw.indexOf('\u0000') >= 0) {
                throw invalid();
            }
            return parts;
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    /**
     * A part of a cursor that holds a time (ISO-8601 with offset): one within PostgreSQL's range, or the 400 naming
     * {@code cursor} (never the database's refusal, which could not say which parameter was at fault).
     */
    public static OffsetDateTime time(String part) {
        OffsetDateTime time;
        try {
            time = OffsetDateTime.parse(part);
        } catch (DateTimeParseException e) {
            throw invalid();
        }
        if (time.isBefore(EARLIEST) || time.isAfter(LATEST)) {
            throw invalid();
        }
        return time;
    }

    /** The error for a cursor whose parts decoded but do not parse. */
    public static ApiException invalid() {
        return ApiException.badRequest("The cursor is not one this API issued",
                List.of(new Problem.FieldError("cursor", "not a valid cursor")));
    }
}
