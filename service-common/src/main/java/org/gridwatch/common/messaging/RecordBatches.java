package org.gridwatch.common.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.gridwatch.contracts.events.GridWatchEvent;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/**
 * Applies the records of one poll together ({@code batch=true} channels), so that a consumer pays for one transaction,
 * one commit and one round of Kafka sends per poll instead of per record, while each record keeps the fate it had alone:
 * <ul>
 *   <li>a record that is not a valid event goes to the channel's dead-letter topic and the others are applied;</li>
 *   <li>the poll's events are applied in partition order by one call of the consumer's work (which waits out an
 *   unavailable database and retries conflicts itself, {@link TransientRetry});</li>
 *   <li>if that call fails, its transaction rolled back and nothing of it took effect: the events are applied again one
 *   by one, and only those that fail alone go to the dead-letter topic (G8);</li>
 *   <li>the poll is acknowledged (its offsets committed) only after all of that, so a crash anywhere in between delivers
 *   the whole poll again, which every consumer's exactly-once check absorbs (G3, G4).</li>
 * </ul>
 *
 * <p>A poll's transaction holds the row locks of all its events until it commits. Two channels of one service whose
 * events lock the same rows (a ticket's reports, a ticket, the statistics rollup) would lock them in different orders
 * and deadlock each other; such channels name one writer group, and the transactions of a group run one at a time in
 * an instance. Across instances a deadlock stays possible (PostgreSQL ends one transaction after its
 * {@code deadlock_timeout}) and is retried like any conflict.
 */
@ApplicationScoped
public class RecordBatches {

    private static final Logger LOG = Logger.getLogger(RecordBatches.class);

    private final EventReader reader;
    private final EntityManager em;
    private final ConcurrentMap<String, ReentrantLock> writerGroups = new ConcurrentHashMap<>();

    public RecordBatches(EventReader reader, EntityManager em) {
        this.reader = reader;
        this.em = em;
    }

    /**
     * Reads the poll's records as {@code type} and hands the valid ones to {@code work} in one call, as described above.
     * {@code work} must have no lasting effect when it fails (one transaction), or one that is safe to repeat.
     */
    public <E extends GridWatchEvent> CompletionStage<Void> consume(KafkaRecordBatch<String, String> batch, Class<E> type,
                                                                   Consumer<List<E>> work) {
        List<KafkaRecord<String, String>> records = new ArrayList<>();
        List<E> events = new ArrayList<>();
        for (KafkaRecord<String, String> record : batch.getRecords()) {
            try {
                events.add(reader.read(record.getPayload(), type));
                records.add(record);
            } catch (PoisonMessageException e) {
                deadLetter(record, e);
            }
        }
        if (!events.isEmpty()) {
            try {
                work.accept(events);
            } catch (RuntimeException batchFailure) {
                if (events.size() == 1) {
                    deadLetter(records.get(0), batchFailure);
                } else {
                    LOG.warnf("A poll of %d %s events failed together (%s); applying them one by one", events.size(),
                            type.getSimpleName(), batchFailure.toString());
                    for (int i = 0; i < events.size(); i++) {
                        try {
                            work.accept(List.of(events.get(i)));
                        } catch (RuntimeException e) {
                            deadLetter(records.get(i), e);
                        }
                    }
                }
            }
        }
        return batch.ack();
    }

    /**
     * The common case: every event of the poll applied by {@code apply} in one new transaction (whose own
     * {@code @Transactional} methods join it), with an unavailable database waited out and conflicts retried.
     */
    public <E extends GridWatchEvent> CompletionStage<Void> consumeInOneTransaction(KafkaRecordBatch<String, String> batch,
                                                                                   Class<E> type, Consumer<E> apply) {
        return consume(batch, type, events -> TransientRetry.run(() -> inOneTransaction(events, apply)));
    }

    /** As {@link #consumeInOneTransaction(KafkaRecordBatch, Class, Consumer)}, one transaction of {@code writerGroup} at a time. */
    public <E extends GridWatchEvent> CompletionStage<Void> consumeInOneTransaction(KafkaRecordBatch<String, String> batch,
                                                                                   Class<E> type, String writerGroup,
                                                                                   Consumer<E> apply) {
        return consumeTogether(batch, type, writerGroup, events -> inOneTransaction(events, apply));
    }

    /**
     * Hands the poll's events to {@code transaction}, which applies them all in one transaction of its own (a
     * {@code @Transactional} method), one transaction of {@code writerGroup} at a time, with an unavailable database
     * waited out and conflicts retried.
     */
    public <E extends GridWatchEvent> CompletionStage<Void> consumeTogether(KafkaRecordBatch<String, String> batch,
                                                                           Class<E> type, String writerGroup,
                                                                           Consumer<List<E>> transaction) {
        return consume(batch, type, events -> TransientRetry.run(() -> inWriterGroup(writerGroup, () -> {
            transaction.accept(events);
            return null;
        })));
    }

    /** Runs {@code transaction} while no other transaction of {@code writerGroup} runs in this instance. */
    public <T> T inWriterGroup(String writerGroup, Supplier<T> transaction) {
        ReentrantLock lock = writerGroups.computeIfAbsent(writerGroup, g -> new ReentrantLock());
        lock.lock();
        try {
            return transaction.get();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Applies {@code events} in one new transaction, for work that takes a lock around it first. Between two events
     * the persistence context is written out and emptied, so each event finds the database as it would alone (the
     * rows the events before it wrote, under the locks they took) and none finds an entity an earlier one left
     * half-loaded in memory.
     */
    public <E> void inOneTransaction(List<E> events, Consumer<E> apply) {
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < events.size(); i++) {
                if (i > 0) {
                    em.flush();
                    em.clear();
                }
                apply.accept(events.get(i));
            }
        });
    }

    /** Hands the record to the channel's failure strategy (its dead-letter topic) and waits until it is there. */
    private static void deadLetter(KafkaRecord<String, String> record, Throwable reason) {
        LOG.errorf("A record of %s-%d (key %s) fails on its own and goes to the dead-letter topic: %s", record.getTopic(),
                record.getPartition(), record.getKey(), reason.toString());
        record.nack(reason).toCompletableFuture().join();
    }
}
