package org.gridwatch.resolution.service;

import java.time.OffsetDateTime;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import org.gridwatch.common.messaging.EventReader;
import org.gridwatch.contracts.EventTypes;
import org.gridwatch.contracts.events.GridWatchEvent;
import org.gridwatch.resolution.persistence.OutboxEntry;
import org.gridwatch.resolution.persistence.OutboxRepository;

/** Writes events into the outbox inside the caller's transaction (G4) and wakes the relay once it commits. */
@ApplicationScoped
public class Outbox {

    /** Fired with every write; observed after a successful commit only. */
    public record Written() {
    }

    private final OutboxRepository outbox;
    private final EventReader json;
    private final Event<Written> written;

    public Outbox(OutboxRepository outbox, EventReader json, Event<Written> written) {
        this.outbox = outbox;
        this.json = json;
        this.written = written;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void add(GridWatchEvent event, OffsetDateTime at) {
        OutboxEntry entry = new OutboxEntry();
        entry.eventId = event.eventId();
        entry.topic = EventTypes.of(event.getClass()).topic();
        entry.eventKey = event.key();
        entry.ceType = event.ceType();
        entry.payload = json.write(event);
        entry.createdAt = at;
        outbox.persist(entry);
        written.fire(new Written());
    }
}
