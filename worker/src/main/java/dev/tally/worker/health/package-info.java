/**
 * Health for operators and orchestrators: readiness is DOWN while the database or the Kafka broker is unreachable or
 * the command listener is not running; liveness only says the process is not wedged.
 */
package dev.tally.worker.health;
