package org.gridwatch.routing.messaging;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.gridwatch.common.messaging.EventMessages;
import org.gridwatch.common.messaging.EventReader;
import org.gridwatch.contracts.events.AssignmentEvent;
import org.gridwatch.routing.config.PublishConfig;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Publishes routing's decisions on {@code gridwatch.assignments.v1} (acks=all, idempotent) and waits for the
 * acknowledgement before the input record is acknowledged (G4). Kafka being away is waited out, however long, and
 * so is an interrupt (the service stopping): the report stays unacknowledged and comes back to this or another
 * instance, which finds its stored decision and publishes the same event. A valid report never reaches the
 * dead-letter topic because Kafka was down (G8). A send is made again only once the previous one has failed, so an
 * outage does not pile copies of the event up in the producer.
 *
 * <p>A poll's decisions are sent together and waited for together. If any of them fails, all of them are published
 * again one after the other, each waiting for its acknowledgement: events of one ticket share a partition, and sent
 * again in order they keep their order there (a merge never lands before the assignment that opened its ticket). The
 * copies that had already arrived are dropped by their consumers, which apply an event id once (G3).
 */
@ApplicationScoped
public class AssignmentPublisher {

    static final String SOURCE = "/gridwatch/routing-service";
    private static final Duration FIRST_PAUSE = Duration.ofMillis(500);
    /** Longer than the channel's delivery.timeout.ms: a send that has not completed by then is taken as lost. */
    private static final Duration SEND_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration ALERT_EVERY = Duration.ofMinutes(1);
    private static final Logger LOG = Logger.getLogger(AssignmentPublisher.class);

    private final Emitter<String> emitter;
    private final EventReader json;
    private final PublishConfig config;
    private final Counter failedAttempts;

    public AssignmentPublisher(@Channel("assignments") Emitter<String> emitter, EventReader json, PublishConfig config,
                               MeterRegistry registry) {
        this.emitter = emitter;
        this.json = json;
        this.config = config;
        this.failedAttempts = Counter.builder("gridwatch.routing.publish.failed.attempts")
                .description("Attempts to publish a routing decision that Kafka did not acknowledge (each is tried again)")
                .register(registry);
    }

    public void publish(List<AssignmentEvent> events) {
        List<CompletableFuture<Void>> sends = new ArrayList<>(events.size());
        for (AssignmentEvent event : events) {
            sends.add(send(event, json.write(event)));
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new));
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    all.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    return;
                } catch (InterruptedException e) {
                    interrupted = true; // remembered; the records must not fail for it
                } catch (ExecutionException | TimeoutException e) {
                    failedAttempts.increment();
                    LOG.warnf("Publishing %d decisions together failed (%s); publishing them one by one", events.size(),
                            e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e);
                    break;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        for (AssignmentEvent event : events) {
            publish(event);
        }
    }

    private CompletableFuture<Void> send(AssignmentEvent event, String payload) {
        return EventMessages.sendAcked(emitter, EventMessages.of(event, payload, SOURCE, OffsetDateTime.now()));
    }

    public void publish(AssignmentEvent event) {
        String payload = json.write(event);
        boolean interrupted = false;
        long started = System.nanoTime();
        long lastAlert = 0;
        long pause = FIRST_PAUSE.toMillis();
        try {
            while (true) {
                CompletableFuture<Void> acked = send(event, payload);
                Throwable failure;
                while (true) {
                    try {
                        acked.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                        if (System.nanoTime() - started > TimeUnit.SECONDS.toNanos(5)) {
                            LOG.infof("Published %s after %d s", event.eventId(),
                                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
                        }
                        return;
                    } catch (InterruptedException e) {
                        interrupted = true; // remembered; the record must not fail for it
                    } catch (ExecutionException | TimeoutException e) {
                        failure = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                        break;
                    }
                }
                failedAttempts.increment();
                long waited = System.nanoTime() - started;
                if (waited >= config.alertAfter().toNanos()) {
                    if (System.nanoTime() - lastAlert >= ALERT_EVERY.toNanos()) {
                        LOG.errorf("Kafka has not acknowledged %s of ticket %s for %d s; still trying: %s", event.eventId(),
                                event.ticketId(), TimeUnit.NANOSECONDS.toSeconds(waited), failure);
                        lastAlert = System.nanoTime();
                    }
                } else {
                    LOG.warnf("Publishing %s failed (%s); trying again in %d ms", event.eventId(), failure, pause);
                }
                interrupted |= sleep(pause);
                pause = Math.min(pause * 2, config.maxPause().toMillis());
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Pauses for the whole time; returns whether an interrupt came meanwhile. */
    private static boolean sleep(long millis) {
        boolean interrupted = false;
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        long left;
        while ((left = until - System.nanoTime()) > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(left);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        return interrupted;
    }
}
