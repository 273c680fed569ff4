/**
 * The invariant checker behind {@code tally verify}: reads the book of record, the results topic and a load
 * report, and says for each invariant whether it holds and which ids break it.
 */
package dev.tally.producer.verify;
