/** The Tally worker: a Spring Boot service that applies commands from Kafka to PostgreSQL exactly once. */
package dev.tally.worker;
