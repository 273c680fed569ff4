/** Open-loop latency at fixed rates and against the offered rate, on one worker. */
package dev.tally.bench.latency;
