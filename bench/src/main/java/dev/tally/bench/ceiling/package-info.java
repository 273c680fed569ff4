/**
 * The machine's ceilings, measured first: the Kafka echo, the worker's batch as set-based SQL, and the pgbench
 * baseline.
 */
package dev.tally.bench.ceiling;
