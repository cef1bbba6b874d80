package org.gridwatch.resolution.messaging;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.gridwatch.common.messaging.EventMessages;
import org.gridwatch.common.messaging.EventReader;
import org.gridwatch.contracts.EventTypes;
import org.gridwatch.contracts.Topics;
import org.gridwatch.contracts.events.GridWatchEvent;
import org.gridwatch.resolution.config.ResolutionConfig;
import org.gridwatch.resolution.persistence.OutboxEntry;
import org.gridwatch.resolution.persistence.OutboxRepository;
import org.gridwatch.resolution.service.Outbox;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Publishes outbox rows in id order (G4): one worker, woken right after a commit that wrote the outbox and
 * otherwise every {@code outbox-poll-every}. Rows are locked with SKIP LOCKED, sent with acks=all, and only
 * then stamped published in the same transaction, so a crash in between republishes them with the same
 * event id (at least once; consumers are idempotent by event id).
 */
@ApplicationScoped
public class OutboxRelay {

    static final String SOURCE = "/gridwatch/resolution-service";
    private static final int BATCH = 100;
    private static final long ACK_TIMEOUT_SECONDS = 10;
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final OutboxRepository outbox;
    private final EventReader json;
    private final Emitter<String> ticketEvents;
    private final Emitter<String> returns;
    private final ResolutionConfig config;
    private final Clock clock;
    private final Semaphore wake = new Semaphore(0);
    private final AtomicBoolean paused = new AtomicBoolean();
    private volatile boolean running;
    private Thread worker;

    public OutboxRelay(OutboxRepository outbox, EventReader json, @Channel("ticket-events") Emitter<String> ticketEvents,
                       @Channel("returns") Emitter<String> returns, ResolutionConfig config, Clock clock) {
        this.outbox = outbox;
        this.json = json;
        this.ticketEvents = ticketEvents;
        this.returns = returns;
        this.config = config;
        this.clock = clock;
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

    private void loop() {
        long pollMillis = config.outboxPollEvery().toMillis();
        while (running) {
            try {
                wake.tryAcquire(pollMillis, TimeUnit.MILLISECONDS);
                wake.drainPermits();
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

    /** Publishes up to one batch; returns how many rows it published (fewer than taken if Kafka failed). */
    int relayBatch() {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<OutboxEntry> rows = outbox.lockUnpublished(BATCH);
            int published = 0;
            for (OutboxEntry row : rows) {
                try {
                    send(row);
                } catch (Exception e) {
                    // Stop here to keep the order; this row and the ones after it go in the next run.
                    LOG.warnf("Publishing outbox row %d (%s) failed: %s", row.id, row.eventId, e);
                    break;
                }
                row.publishedAt = OffsetDateTime.now(clock);
                published++;
            }
            return published;
        });
    }

    private void send(OutboxEntry row) throws Exception {
        Class<? extends GridWatchEvent> type = EventTypes.forCeType(row.ceType)
                .orElseThrow(() -> new IllegalStateException("Unknown ce_type " + row.ceType + " in outbox row " + row.id));
        GridWatchEvent event = json.read(row.payload, type);
        Emitter<String> emitter = switch (row.topic) {
            case Topics.TICKET_EVENTS -> ticketEvents;
            case Topics.RETURNS -> returns;
            default -> throw new IllegalStateException("No channel for topic " + row.topic + " of outbox row " + row.id);
        };
        EventMessages.sendAcked(emitter, EventMessages.of(event, row.payload, SOURCE, row.createdAt))
                .get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
}
