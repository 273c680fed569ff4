/**
 * Health for operators and orchestrators: readiness is DOWN while the database or the Kafka broker is unreachable or
 * the command listener is not running; liveness is DOWN only when the process is wedged: a consumer of the command
 * listener stopped abnormally and will not resume.
 */
package dev.tally.worker.health;
