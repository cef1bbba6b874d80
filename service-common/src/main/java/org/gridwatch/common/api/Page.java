package org.gridwatch.common.api;

import java.util.List;

/** One page of a list: {@code {items, nextCursor}}, where a null cursor means the last page. */
public record Page<T>(List<T> items, String nextCursor) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;
}
