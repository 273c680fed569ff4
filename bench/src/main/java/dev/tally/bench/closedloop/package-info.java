/**
 * Closed-loop throughput: each locking strategy and batch size, a hot account, and holds; the worker profiled at
 * saturation.
 */
package dev.tally.bench.closedloop;
