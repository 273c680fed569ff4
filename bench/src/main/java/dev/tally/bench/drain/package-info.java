/** The drain of a preloaded backlog by a fresh worker, timed by a reader of the results topic. */
package dev.tally.bench.drain;
