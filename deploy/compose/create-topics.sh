#!/bin/sh
# The topics of contracts' Topics.all(): 6 partitions for the main topics, 1 for dead-letter topics,
# the category catalogue compacted. Safe to run again.
set -e
BS=kafka:9092
create() { /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$BS" --create --if-not-exists --topic "$1" --partitions "$2" ${3:+--config cleanup.policy=$3}; }
for t in gridwatch.reports.v1 gridwatch.assignments.v1 gridwatch.ticket-events.v1 gridwatch.returns.v1 gridwatch.feedback.v1; do
  create "$t" 6
done
create gridwatch.categories.v1 6 compact
for t in gridwatch.reports.v1.dlq.routing gridwatch.returns.v1.dlq.routing gridwatch.ticket-events.v1.dlq.routing \
         gridwatch.ticket-events.v1.dlq.intake gridwatch.categories.v1.dlq.intake \
         gridwatch.assignments.v1.dlq.resolution gridwatch.assignments.v1.dlq.intake gridwatch.feedback.v1.dlq.resolution \
         gridwatch.assignments.v1.dlq.resolution-stats gridwatch.ticket-events.v1.dlq.resolution-stats gridwatch.feedback.v1.dlq.resolution-stats; do
  create "$t" 1
done
