/**
 * Tracing of commands across Kafka: the spans the worker opens for each poll, each record and each database
 * transaction, continuing the W3C trace context a client sent with its command.
 */
package dev.tally.worker.tracing;
