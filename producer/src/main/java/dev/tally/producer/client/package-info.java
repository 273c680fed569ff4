/**
 * The asynchronous client library: publishes commands to the commands topic and completes futures with their
 * results from the results topic. Depends only on the wire contract and {@code kafka-clients}.
 */
package dev.tally.producer.client;
