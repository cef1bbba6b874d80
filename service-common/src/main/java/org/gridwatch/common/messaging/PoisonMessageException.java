package org.gridwatch.common.messaging;

/**
 * A Kafka record that can never be processed (not JSON, or not the event its topic carries). The
 * consumer's failure strategy sends it to the dead-letter topic and goes on with the next record.
 */
public class PoisonMessageException extends RuntimeException {

    public PoisonMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
