package org.gridwatch.intake.service;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

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
        if (entity != null && entity.updatedAt.isAfter(c.updatedAt())) {
            return;
        }
        boolean added = entity == null;
        if (added) {
            entity = new CategoryEntity();
            entity.code = c.code();
        }
        entity.nameZh = c.nameZh();
        entity.nameEn = c.nameEn();
        entity.priority = c.priority();
        entity.dedupRadiusM = c.dedupRadiusM();
        entity.dedupWindowHours = c.dedupWindowHours();
        entity.open311Group = c.open311Group();
        entity.keywords = new ArrayList<>(c.keywords());
        entity.active = c.active();
        entity.updatedAt = c.updatedAt();
        if (added) {
            categories.persist(entity);
        }
    }

    @Transactional
    public List<Category> active() {
        return categories.listActive().stream()
                .map(e -> new Category(e.code, e.nameZh, e.nameEn, e.priority, e.dedupRadiusM, e.dedupWindowHours,
                        e.open311Group, e.keywords, e.active, e.updatedAt))
                .toList();
    }
}
