package org.gridwatch.resolution.persistence;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepository;

/** The outbox: rows still to publish, oldest first. */
@ApplicationScoped
public class OutboxRepository implements PanacheRepository<OutboxEntry> {

    /**
     * Up to {@code max} unpublished rows in id order, locked for this transaction; rows another relay
     * holds are skipped rather than waited for.
     */
    @SuppressWarnings("unchecked")
    public List<OutboxEntry> lockUnpublished(int max) {
        return getEntityManager().createNativeQuery("""
                        SELECT * FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT ?1 FOR UPDATE SKIP LOCKED""",
                        OutboxEntry.class)
                .setParameter(1, max)
                .getResultList();
    }
}
