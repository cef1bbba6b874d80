package org.gridwatch.contracts;

/**
 * How a GridWatch topic is created: its name, partition count and whether it is log-compacted.
 */
public record TopicSpec(String name, int partitions, boolean compacted) {
}
