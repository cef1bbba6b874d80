package org.gridwatch.routing.service;

import jakarta.enterprise.context.ApplicationScoped;

import org.gridwatch.contracts.Priority;
import org.gridwatch.routing.domain.RoutingDecider.CategoryPolicy;
import org.gridwatch.routing.persistence.CategoryRepository;

/** The routing-relevant part of a category: priority class and dedup radius and window. */
@ApplicationScoped
public class CategoryPolicies {

    /** For a report whose category the catalogue no longer knows: a general matter, never merged. */
    static final CategoryPolicy UNKNOWN = new CategoryPolicy(Priority.P2, 0, 0);

    private final CategoryRepository categories;

    public CategoryPolicies(CategoryRepository categories) {
        this.categories = categories;
    }

    public CategoryPolicy of(String code) {
        return categories.findByIdOptional(code)
                .map(c -> new CategoryPolicy(c.priority, c.dedupRadiusM, c.dedupWindowHours))
                .orElse(UNKNOWN);
    }
}
