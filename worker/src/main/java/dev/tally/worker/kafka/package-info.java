/** Kafka wiring: topics, the transactional listener container, the command listener and the dead-letter topic. */
package dev.tally.worker.kafka;
