package org.gridwatch.intake.service;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.gridwatch.contracts.InitialCatalogue;
import org.gridwatch.contracts.events.Category;
import org.gridwatch.intake.persistence.CategoryEntity;
import org.gridwatch.intake.persistence.CategoryRepository;

/**
 * Keeps intake's copy of the category catalogue. The topic is compacted and carries whole states, so
 * applying one is naturally idempotent; an older state arriving after a newer one is ignored.
 */
@ApplicationScoped
public class CatalogueService {

    private final CategoryRepository categories;

    public CatalogueService(CategoryRepository categories) {
        this.categories = categories;
    }

    @Transactional
    public void apply(Category c) {
        CategoryEntity entity = categories.findById(c.code());
        if (entity == null) {
            entity = new CategoryEntity();
            entity.copyFrom(c);
            categories.persist(entity);
        } else if (!entity.updatedAt.isAfter(c.updatedAt())) {
            entity.copyFrom(c);
        }
    }

    /**
     * The active catalogue: the design's initial catalogue, overridden code by code by what routing has
     * published (routing seeds its own catalogue with the same initial one, so once it has published,
     * every code is routing's).
     */
    @Transactional
    public List<Category> active() {
        Map<String, Category> byCode = new TreeMap<>();
        InitialCatalogue.categories().forEach(c -> byCode.put(c.code(), c));
        categories.listAll().forEach(c -> byCode.put(c.code, c.toEvent()));
        return byCode.values().stream().filter(Category::active).toList();
    }

    /** Whether a new report may use {@code code}. */
    @Transactional
    public boolean accepts(String code) {
        return categories.findByIdOptional(code).map(c -> c.active)
                .orElseGet(() -> InitialCatalogue.categories().stream().anyMatch(c -> c.active() && c.code().equals(code)));
    }
}
