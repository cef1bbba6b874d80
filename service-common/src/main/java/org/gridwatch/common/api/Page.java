package org.gridwatch.common.api;

import java.util.List;

/** One page of a list: {@code {items, nextCursor}}, where a null cursor means the last page. */
public record Page<T>(List<T> items, String nextCursor) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    /**
     * The {@code limit} query parameter: absent or blank is {@link #DEFAULT_LIMIT}, else a whole number from 1 to
     * {@link #MAX_LIMIT}. Taken as a string because JAX-RS answers 404 to a query parameter it cannot convert
     * ({@code limit=ten}); this answers 400 naming {@code limit} for that as for {@code limit=0}.
     */
    public static int limit(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below, as a number out of range is
        }
        throw ApiException.badRequest("Query parameter 'limit' must be a whole number from 1 to " + MAX_LIMIT,
                List.of(new Problem.FieldError("limit", "must be a whole number from 1 to " + MAX_LIMIT)));
    }
}
