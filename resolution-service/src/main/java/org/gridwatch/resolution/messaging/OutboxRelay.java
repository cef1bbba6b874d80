package org.gridwatch.resolution.messaging;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.gridwatch.common.messaging.EventMessages;
import org.gridwatch.common.messaging.EventReader;
import org.gridwatch.common.messaging.PoisonMessageException;
import org.gridwatch.contracts.EventTypes;
import org.gridwatch.contracts.Topics;
import org.gridwatch.contracts.events.GridWatchEvent;
import org.gridwatch.resolution.config.ResolutionConfig;
import org.gridwatch.resolution.persistence.OutboxEntry;
import org.gridwatch.resolution.persistence.OutboxRepository;
import org.gridwatch.resolution.service.Outbox;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Publishes outbox rows in id order (G4): one worker, woken right after a commit that wrote the outbox and
 * otherwise every {@code outbox-poll-every}. Rows are locked with SKIP LOCKED, sent with acks=all, and only
 * then stamped published in the same transaction, so a crash in between republishes them with the same event
 * id (at least once; consumers are idempotent by event id).
 *
 * <ul>
 * <li>One relay at a time across instances (a transaction-scoped advisory lock): a ticket's events reach Kafka in
 *     the order they were written, however many instances run (G7).</li>
 * <li>A batch sends its rows without waiting for each acknowledgement, then waits for them in order, for at most
 *     {@code outbox-batch-time}: under a slow Kafka a batch still ends well inside its transaction and commits what
 *     was acknowledged; the first row not acknowledged and everything after it go in the next batch, which waits on
 *     the sends still under way instead of sending those rows again.</li>
 * <li>Of one ticket, only one row is under way at a time: a later row of the same ticket is sent once the rows before
 *     it are acknowledged. Otherwise a send that failed while Kafka was away (and is sent again by the next batch)
 *     could land after a later change of its ticket that was sent behind it and got through.</li>
 * <li>A row that can never be sent (its payload fails its event's schema, its type or topic is unknown, Kafka
 *     refuses it as too large) is parked: moved to {@code outbox_parked} with the reason, logged with its ticket at
 *     ERROR and counted on {@code /q/metrics} ({@code gridwatch.outbox.parked}), and the rows behind it keep flowing (G8).
 *     Kafka being unreachable is never a reason to park: those rows wait.</li>
 * </ul>
 */
@ApplicationScoped
public class OutboxRelay {

    static final String SOURCE = "/gridwatch/resolution-service";
    private static final int BATCH = 100;
    /** How often the parked-row figure is read again from the database (operators may delete parked rows). */
    private static final Duration PARKED_REFRESH = Duration.ofSeconds(30);
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** A row sent only once the rows before it in its batch are acknowledged: an earlier row of its ticket is under way. */
    private static final CompletableFuture<Void> AFTER_EARLIER = new CompletableFuture<>();

    private final OutboxRepository outbox;
    private final EventReader json;
    private final Map<String, Emitter<String>> channels;
    private final ResolutionConfig config;
    private final Clock clock;
    private final Semaphore wake = new Semaphore(0);
    private final AtomicBoolean paused = new AtomicBoolean();
    private final AtomicLong parked = new AtomicLong();
    /** Sends not yet settled by a batch, by outbox row id: the next batch waits on them rather than sending again. */
    private final Map<Long, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();
    private volatile boolean running;
    private Thread worker;

    public OutboxRelay(OutboxRepository outbox, EventReader json, @Channel("ticket-events") Emitter<String> ticketEvents,
                       @Channel("returns") Emitter<String> returns, @Channel("split-assignments") Emitter<String> assignments,
                       ResolutionConfig config, Clock clock, MeterRegistry registry) {
        this.outbox = outbox;
        this.json = json;
        this.channels = Map.of(Topics.TICKET_EVENTS, ticketEvents, Topics.RETURNS, returns, Topics.ASSIGNMENTS, assignments);
        this.config = config;
        this.clock = clock;
        Gauge.builder("gridwatch.outbox.parked", parked, AtomicLong::get)
                .description("Outbox rows that can never be sent, parked in outbox_parked for an operator")
                .register(registry);
    }

    void start(@Observes StartupEvent started) {
        running = true;
        worker = new Thread(this::loop, "outbox-relay");
        worker.setDaemon(true);
        worker.start();
    }

    void stop(@Observes ShutdownEvent stopping) throws InterruptedException {
        running = false;
        wake.release();
        if (worker != null) {
            worker.join(5_000);
        }
    }

    void committed(@Observes(during = TransactionPhase.AFTER_SUCCESS) Outbox.Written written) {
        wake.release();
    }

    /** Holds publishing (rows keep accumulating) — lets tests stand in for a crash between commit and publish. */
    public void pause() {
        paused.set(true);
    }

    public void resume() {
        paused.set(false);
        wake.release();
    }

    /** Rows parked so far (as last counted). */
    public long parked() {
        return parked.get();
    }

    private void loop() {
        long pollMillis = config.outboxPollEvery().toMillis();
        long lastCount = 0;
        while (running) {
            try {
                wake.tryAcquire(pollMillis, TimeUnit.MILLISECONDS);
                wake.drainPermits();
                if (System.nanoTime() - lastCount > PARKED_REFRESH.toNanos()) {
                    parked.set(QuarkusTransaction.requiringNew().call(outbox::countParked));
                    lastCount = System.nanoTime();
                }
                while (running && !paused.get() && relayBatch() == BATCH) {
                    // a full batch: more may be waiting
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf(e, "Outbox relay run failed; retrying in %d ms", pollMillis);
            }
        }
    }

    /**
     * Publishes up to one batch now; returns how many rows it settled (published or parked), fewer than it took if
     * Kafka did not acknowledge them all within the batch time, and 0 while another relay (this instance's worker or
     * another instance) holds the relay's lock.
     */
    public int relayBatch() {
        return QuarkusTransaction.requiringNew().call(() -> {
            if (!outbox.tryRelayLock()) {
                return 0;
            }
            long deadline = System.nanoTime() + config.outboxBatchTime().toNanos();
            List<OutboxEntry> rows = outbox.lockUnpublished(BATCH);
            List<CompletableFuture<Void>> sends = new ArrayList<>(rows.size());
            Set<String> keysUnderWay = new HashSet<>();
            for (OutboxEntry row : rows) {
                CompletableFuture<Void> earlier = inFlight.get(row.id);
                CompletableFuture<Void> sent = earlier != null && !earlier.isCompletedExceptionally() ? earlier
                        : keysUnderWay.contains(row.eventKey) ? AFTER_EARLIER
                        : System.nanoTime() < deadline ? send(row) : null;
                if (sent != null && sent != AFTER_EARLIER) {
                    inFlight.put(row.id, sent); // until settled, so that a later batch waits on it instead of sending again
                }
                sends.add(sent);
                keysUnderWay.add(row.eventKey);
            }
            int settled = 0;
            for (int i = 0; i < rows.size(); i++) {
                OutboxEntry row = rows.get(i);
                CompletableFuture<Void> sent = sends.get(i);
                if (sent == AFTER_EARLIER) {
                    // Every earlier row of this batch is acknowledged by now, its ticket's among them.
                    sent = System.nanoTime() < deadline ? send(row) : null;
                    if (sent != null) {
                        inFlight.put(row.id, sent);
                    }
                }
                if (sent == null) {
                    break;
                }
                try {
                    sent.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    row.publishedAt = OffsetDateTime.now(clock);
                    inFlight.remove(row.id);
                } catch (ExecutionException failed) {
                    inFlight.remove(row.id);
                    Throwable cause = failed.getCause() == null ? failed : failed.getCause();
                    if (!neverSendable(cause)) {
                        LOG.warnf("Publishing outbox row %d (%s) failed; it and the rows after it go in the next batch: %s",
                                row.id, row.eventId, cause);
                        break;
                    }
                    park(row, cause);
                } catch (TimeoutException slow) {
                    LOG.warnf("Kafka has not acknowledged outbox row %d (%s) within the batch time of %s; it and the rows after "
                            + "it go in the next batch", row.id, row.eventId, config.outboxBatchTime());
                    break;
                }
                settled++;
            }
            if (inFlight.size() > 10 * BATCH) {
                inFlight.values().removeIf(CompletableFuture::isDone); // rows another instance settled meanwhile
            }
            return settled;
        });
    }

    /** The row's send, completing when Kafka acknowledges it; a row that cannot even be sent fails at once. */
    private CompletableFuture<Void> send(OutboxEntry row) {
        try {
            Class<? extends GridWatchEvent> type = EventTypes.forCeType(row.ceType)
                    .orElseThrow(() -> new UnsendableRow("unknown ce_type " + row.ceType));
            Emitter<String> emitter = channels.get(row.topic);
            if (emitter == null) {
                throw new UnsendableRow("no channel for topic " + row.topic);
            }
            GridWatchEvent event = json.read(row.payload, type);
            return EventMessages.sendAcked(emitter, EventMessages.of(event, row.payload, SOURCE, row.createdAt));
        } catch (UnsendableRow | PoisonMessageException e) {
            return CompletableFuture.failedFuture(e instanceof UnsendableRow ? e : new UnsendableRow(e.getMessage()));
        }
    }

    private void park(OutboxEntry row, Throwable cause) {
        String reason = cause instanceof UnsendableRow ? cause.getMessage() : cause.toString();
        LOG.errorf("Outbox row %d (event %s, %s of ticket %s) can never be sent and is parked in outbox_parked: %s",
                row.id, row.eventId, row.ceType, row.eventKey, reason);
        outbox.getEntityManager().detach(row);
        outbox.park(row.id, reason, OffsetDateTime.now(clock));
        parked.incrementAndGet();
    }

    /**
     * Whether {@code failure} says this record can never be sent, however long one waits: it is unreadable or fails
     * its schema, or Kafka refuses it for its size or content. Everything else (timeouts, no leader, not enough
     * replicas, a broker away) passes with time and is waited for.
     */
    static boolean neverSendable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UnsendableRow || t instanceof RecordTooLargeException || t instanceof RecordBatchTooLargeException
                    || t instanceof InvalidRecordException || t instanceof SerializationException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** A row whose content itself makes it unsendable. */
    static final class UnsendableRow extends RuntimeException {
        UnsendableRow(String message) {
            super(message, null, false, false);
        }
    }
}
