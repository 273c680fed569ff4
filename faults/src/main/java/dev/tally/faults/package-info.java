/**
 * The fault-injection suite: real worker JVMs, a real Kafka broker process and a PostgreSQL server it owns, killed
 * and restarted while {@code tally load} runs, then every invariant checked by {@code tally verify}.
 */
package dev.tally.faults;
