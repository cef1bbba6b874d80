package org.gridwatch.resolution.persistence;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepository;

/** The outbox: rows still to publish, oldest first, and the pruning of rows published long ago. */
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

    /**
     * Deletes up to {@code max} rows published before {@code cutoff}; returns how many. Unpublished rows are
     * never touched, and rows another transaction holds are skipped rather than waited for.
     */
    public int deletePublishedBefore(OffsetDateTime cutoff, int max) {
        return getEntityManager().createNativeQuery("""
                        DELETE FROM outbox WHERE id IN (
                            SELECT id FROM outbox WHERE published_at < ?1 LIMIT ?2 FOR UPDATE SKIP LOCKED)""")
                .setParameter(1, cutoff)
                .setParameter(2, max)
                .executeUpdate();
    }
}
