package org.gridwatch.common.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Opaque keyset cursors: the sort-key values of the last item of a page, joined and base64url-encoded.
 * A cursor that does not decode is the caller's error (400 naming {@code cursor}), never a 500.
 */
public final class Cursor {

    private static final char SEPARATOR = '\u001f';

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

    /** The error for a cursor whose parts decoded but do not parse. */
    public static ApiException invalid() {
        return ApiException.badRequest("The cursor is not one this API issued",
                List.of(new Problem.FieldError("cursor", "not a valid cursor")));
    }
}
