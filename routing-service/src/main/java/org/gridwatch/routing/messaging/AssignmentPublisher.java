package org.gridwatch.routing.messaging;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.gridwatch.common.messaging.EventMessages;
import org.gridwatch.common.messaging.EventReader;
import org.gridwatch.contracts.events.AssignmentEvent;
import org.jboss.logging.Logger;

/**
 * Publishes routing's decisions on {@code gridwatch.assignments.v1} (acks=all, idempotent) and waits for
 * the acknowledgement before the input record is acknowledged. While Kafka does not acknowledge, it
 * tries again with growing pauses rather than letting a valid report fall into the dead-letter topic;
 * after {@link #GIVE_UP} it fails, and the report can be replayed from its DLQ.
 */
@ApplicationScoped
public class AssignmentPublisher {

    static final String SOURCE = "/gridwatch/routing-service";
    static final Duration GIVE_UP = Duration.ofMinutes(5);
    private static final Logger LOG = Logger.getLogger(AssignmentPublisher.class);

    private final Emitter<String> emitter;
    private final EventReader json;

    public AssignmentPublisher(@Channel("assignments") Emitter<String> emitter, EventReader json) {
        this.emitter = emitter;
        this.json = json;
    }

    public void publish(AssignmentEvent event) {
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        long pause = 500;
        while (true) {
            try {
                EventMessages.sendAcked(emitter, EventMessages.of(event, json.write(event), SOURCE, OffsetDateTime.now()))
                        .get(30, TimeUnit.SECONDS);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while publishing " + event.eventId(), e);
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka did not acknowledge " + event.eventId() + " for " + GIVE_UP, e);
                }
                LOG.warnf("Publishing %s failed (%s); retrying in %d ms", event.eventId(), e, pause);
                sleep(pause);
                pause = Math.min(pause * 2, 15_000);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
