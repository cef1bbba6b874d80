package org.gridwatch.routing.service;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.gridwatch.common.api.ApiException;
import org.gridwatch.contracts.events.Category;
import org.gridwatch.routing.messaging.CategoryPublisher;
import org.gridwatch.routing.persistence.CategoryEntity;
import org.gridwatch.routing.persistence.CategoryRepository;

/**
 * The category catalogue that routing owns: each change is stored, then published on the compacted
 * {@code gridwatch.categories.v1} so that intake validates and lists it. A category is retired with
 * {@code active=false}, never deleted, so that old reports keep their meaning.
 */
@ApplicationScoped
public class CatalogueAdmin {

    private final CategoryRepository categories;
    private final CategoryPublisher publisher;

    public CatalogueAdmin(CategoryRepository categories, CategoryPublisher publisher) {
        this.categories = categories;
        this.publisher = publisher;
    }

    @Transactional
    public List<Category> all() {
        return categories.listAll().stream().map(CategoryEntity::toEvent).sorted(Comparator.comparing(Category::code)).toList();
    }

    @Transactional
    public Optional<Category> get(String code) {
        return categories.findByIdOptional(code).map(CategoryEntity::toEvent);
    }

    /** Stores the category and answers once Kafka holds its new state (503 if Kafka does not acknowledge). */
    public Category put(Category category) {
        Category stored = store(category);
        try {
            publisher.publish(stored).toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("Interrupted; the change is saved and will be published at the next start", 10);
        } catch (Exception e) {
            throw ApiException.unavailable("Saved, but Kafka did not acknowledge the new state; "
                    + "send the same PUT again (routing also republishes the catalogue at every start)", 10);
        }
        return stored;
    }

    @Transactional
    Category store(Category category) {
        Category stamped = new Category(category.code(), category.nameZh(), category.nameEn(), category.priority(),
                category.dedupRadiusM(), category.dedupWindowHours(), category.open311Group(), category.keywords(),
                category.active(), OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS));
        CategoryEntity entity = categories.findById(category.code());
        if (entity == null) {
            entity = new CategoryEntity();
            entity.copyFrom(stamped);
            categories.persist(entity);
        } else {
            entity.copyFrom(stamped);
        }
        return stamped;
    }
}
