/** A rolling restart of three workers under load, for each way of handing partitions over. */
package dev.tally.bench.rolling;
