/**
 * The load generator behind {@code tally load}: opens and funds accounts, publishes transfers at a rate or a
 * concurrency, measures publish-to-result latency, and writes the report {@code tally verify} checks.
 */
package dev.tally.producer.load;
