package org.gridwatch.intake.service;

import java.util.List;

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

    /** The active catalogue; the design's initial one until routing has published any. */
    @Transactional
    public List<Category> active() {
        if (categories.count() == 0) {
            return InitialCatalogue.categories().stream().filter(Category::active).toList();
        }
        return categories.listActive().stream().map(CategoryEntity::toEvent).toList();
    }

    /** Whether a new report may use {@code code}. */
    @Transactional
    public boolean accepts(String code) {
        if (categories.count() == 0) {
            return InitialCatalogue.categories().stream().anyMatch(c -> c.active() && c.code().equals(code));
        }
        return categories.findByIdOptional(code).map(c -> c.active).orElse(false);
    }
}
