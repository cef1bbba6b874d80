package org.gridwatch.intake.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.gridwatch.common.messaging.EventReader;
import org.gridwatch.common.messaging.TransientRetry;
import org.gridwatch.contracts.events.Category;
import org.gridwatch.intake.service.CatalogueService;

import io.smallrye.common.annotation.Blocking;

/** Reads the compacted {@code gridwatch.categories.v1}; an unavailable database is waited for and a conflict retried a few times ({@code TransientRetry}); a record that cannot be applied goes to the DLQ. */
@ApplicationScoped
public class CategoryConsumer {

    private final EventReader reader;
    private final CatalogueService catalogue;

    public CategoryConsumer(EventReader reader, CatalogueService catalogue) {
        this.reader = reader;
        this.catalogue = catalogue;
    }

    @Incoming("categories")
    @Blocking
    public void consume(String record) {
        Category event = reader.read(record, Category.class);
        TransientRetry.run(() -> catalogue.apply(event));
    }
}
