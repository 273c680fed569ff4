/**
 * Kafka wiring: topics and the limits they must allow, the transactional listener container and what it does when
 * a poll's transaction fails (fenced or not), the command listener and the dead-letter topic, and clients' topics
 * (which are read, where their outcomes go, which clients are paused).
 */
package dev.tally.worker.kafka;
