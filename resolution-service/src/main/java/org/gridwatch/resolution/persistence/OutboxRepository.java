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
     * Takes the relay's lock for this transaction, if no other instance holds it: one relay at a time sends the
     * outbox, in id order, so the events of a ticket reach Kafka in the order they were written whatever the number
     * of instances. False when another instance is relaying.
     */
    public boolean tryRelayLock() {
        return (Boolean) getEntityManager().createNativeQuery("SELECT pg_try_advisory_xact_lock(hashtext('gridwatch:outbox-relay'))")
                .getSingleResult();
    }

    /** Moves row {@code id} to {@code outbox_parked} with the reason: it will never be sent, and must not hold the rest up. */
    public void park(long id, String reason, OffsetDateTime at) {
        getEntityManager().createNativeQuery("""
                        INSERT INTO outbox_parked (id, event_id, topic, event_key, ce_type, payload, created_at, parked_at, reason)
                        SELECT id, event_id, topic, event_key, ce_type, payload, created_at, ?2, ?3 FROM outbox WHERE id = ?1""")
                .setParameter(1, id)
                .setParameter(2, at)
                .setParameter(3, reason)
                .executeUpdate();
        getEntityManager().createNativeQuery("DELETE FROM outbox WHERE id = ?1").setParameter(1, id).executeUpdate();
    }

    /** How many rows are parked. */
    public long countParked() {
        return ((Number) getEntityManager().createNativeQuery("SELECT count(*) FROM outbox_parked").getSingleResult()).longValue();
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
