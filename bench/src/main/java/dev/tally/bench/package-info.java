/**
 * The benchmark: its command line, one run of the chosen scenarios on the demo's local stack, and what every
 * scenario shares (the testbed, one {@code tally load} run, the figures measured).
 */
package dev.tally.bench;
