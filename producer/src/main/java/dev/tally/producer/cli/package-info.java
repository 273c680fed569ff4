/**
 * The {@code tally} command-line tool: one picocli command per verb, sharing connection options.
 */
package dev.tally.producer.cli;
