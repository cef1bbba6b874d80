package org.gridwatch.routing.domain;

import org.gridwatch.contracts.Priority;

/**
 * Who handles a category in an area: {@code category} is a category code or {@link #ANY_CATEGORY};
 * {@code priority} and {@code resolveHours} optionally override the category's class and deadline.
 */
public record RoutingRule(String id, String category, String areaCode, String departmentId, Priority priority,
                          Integer resolveHours) {

    public static final String ANY_CATEGORY = "*";

    public boolean anyCategory() {
        return ANY_CATEGORY.equals(category);
    }
}
