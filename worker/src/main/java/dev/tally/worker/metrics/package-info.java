/** Metrics: the worker's own counters, histograms and consumer lag, and the Kafka clients' metrics in Micrometer. */
package dev.tally.worker.metrics;
