package org.gridwatch.contracts.events;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.gridwatch.contracts.Priority;

/**
 * The current definition of a report category, the value of the compacted {@code gridwatch.categories.v1}
 * topic keyed by category code. A compacted value is state, not an event: it carries no event id of its
 * own, and {@link #eventId()} is derived from code and {@code updatedAt}, so republishing the same state
 * yields the same id. Categories are retired with {@code active = false}, never deleted.
 * {@code open311Group} may be null.
 */
public record Category(
        String code,
        String nameZh,
        String nameEn,
        Priority priority,
        int dedupRadiusM,
        int dedupWindowHours,
        String open311Group,
        List<String> keywords,
        boolean active,
        OffsetDateTime updatedAt) implements GridWatchEvent {

    public static final String CE_TYPE = "org.gridwatch.category.published.v1";

    public Category {
        keywords = Copies.list(keywords);
    }

    @Override
    public UUID eventId() {
        String name = code + "@" + updatedAt.toInstant();
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String ceType() {
        return CE_TYPE;
    }

    @Override
    public String subject() {
        return code;
    }
}
