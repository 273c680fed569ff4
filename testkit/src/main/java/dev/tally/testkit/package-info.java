/**
 * Real PostgreSQL and Kafka for tests, resolved once per JVM from the environment, Docker or local services.
 */
package dev.tally.testkit;
