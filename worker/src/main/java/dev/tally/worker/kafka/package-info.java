/**
 * Kafka wiring: topics and the limits they must allow, the transactional listener container and what it does when
 * a poll's transaction fails (fenced or not), the command listener and the dead-letter topic.
 */
package dev.tally.worker.kafka;
