package org.gridwatch.routing.service;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import org.gridwatch.contracts.InitialCatalogue;
import org.gridwatch.contracts.events.Category;
import org.gridwatch.routing.messaging.CategoryPublisher;
import org.gridwatch.routing.persistence.CategoryEntity;
import org.gridwatch.routing.persistence.CategoryRepository;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/**
 * Seeds the catalogue with the design's initial one on first start, then publishes the whole catalogue
 * whenever routing starts, so that the compacted topic always holds the current state even after a
 * database restore or a new deployment; republishing an unchanged state is harmless to consumers.
 */
@ApplicationScoped
public class CatalogueAnnouncer {

    private static final Logger LOG = Logger.getLogger(CatalogueAnnouncer.class);

    private final CategoryRepository categories;
    private final CategoryPublisher publisher;

    public CatalogueAnnouncer(CategoryRepository categories, CategoryPublisher publisher) {
        this.categories = categories;
        this.publisher = publisher;
    }

    void onStart(@Observes StartupEvent start) {
        seedIfEmpty();
        List<Category> all = catalogue();
        CompletableFuture.allOf(all.stream().map(c -> publisher.publish(c).toCompletableFuture())
                        .toArray(CompletableFuture[]::new))
                .whenComplete((ok, failure) -> {
                    if (failure != null) {
                        LOG.errorf(failure, "Publishing the category catalogue failed; it is published again at the next start");
                    } else {
                        LOG.infof("Published %d categories on the catalogue topic", all.size());
                    }
                });
    }

    @Transactional
    void seedIfEmpty() {
        if (categories.count() == 0) {
            for (Category c : InitialCatalogue.categories()) {
                CategoryEntity entity = new CategoryEntity();
                entity.copyFrom(c);
                categories.persist(entity);
            }
            LOG.infof("Seeded the catalogue with the %d initial categories", InitialCatalogue.categories().size());
        }
    }

    @Transactional
    List<Category> catalogue() {
        return categories.listAll().stream().map(CategoryEntity::toEvent).toList();
    }
}
