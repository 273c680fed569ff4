/** The benchmark's tables and charts, and docs/benchmarks.md written from them. */
package dev.tally.bench.report;
