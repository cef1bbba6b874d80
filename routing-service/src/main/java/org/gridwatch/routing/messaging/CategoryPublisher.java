package org.gridwatch.routing.messaging;

import java.time.OffsetDateTime;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.gridwatch.common.messaging.EventMessages;
import org.gridwatch.common.messaging.EventReader;
import org.gridwatch.contracts.events.Category;

/** Puts the current state of a category on the compacted {@code gridwatch.categories.v1}. */
@ApplicationScoped
public class CategoryPublisher {

    static final String SOURCE = "/gridwatch/routing-service";

    private final Emitter<String> emitter;
    private final EventReader json;

    public CategoryPublisher(@Channel("categories") Emitter<String> emitter, EventReader json) {
        this.emitter = emitter;
        this.json = json;
    }

    /** Completes when Kafka has acknowledged the record (acks=all). */
    public CompletionStage<Void> publish(Category category) {
        return EventMessages.sendAcked(emitter, EventMessages.of(category, json.write(category), SOURCE, OffsetDateTime.now()));
    }
}
