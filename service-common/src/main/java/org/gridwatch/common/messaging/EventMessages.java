package org.gridwatch.common.messaging;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.gridwatch.contracts.CloudEventHeaders;
import org.gridwatch.contracts.events.GridWatchEvent;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/** Outgoing Kafka messages for events: the event's key, its JSON value and CloudEvents binary-mode headers. */
public final class EventMessages {

    private EventMessages() {
    }

    /**
     * Sends {@code message} and completes when Kafka has acknowledged it (with the channel's {@code acks}),
     * or exceptionally when the send fails.
     */
    public static CompletableFuture<Void> sendAcked(Emitter<String> emitter, Message<String> message) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        try {
            emitter.send(message.withAck(() -> {
                acked.complete(null);
                return CompletableFuture.completedFuture(null);
            }).withNack(failure -> {
                acked.completeExceptionally(failure);
                return CompletableFuture.completedFuture(null);
            }));
        } catch (RuntimeException e) {
            acked.completeExceptionally(e); // buffer full or channel down: the caller answers "try later"
        }
        return acked;
    }

    /** @param source the CloudEvents source, e.g. {@code /gridwatch/routing-service} */
    public static Message<String> of(GridWatchEvent event, String json, String source, OffsetDateTime time) {
        RecordHeaders headers = new RecordHeaders();
        CloudEventHeaders.forEvent(event, source, time)
                .forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        return Message.of(json).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(event.key())
                .withHeaders(headers)
                .build());
    }
}
