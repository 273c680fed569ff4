package dev.tally.producer.load;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Publish-to-result latencies as an HdrHistogram: recorded in microseconds with three significant digits (0.1 %
 * resolution) from 1 µs up to any value (the histogram grows as needed), safe to record from many threads while
 * another reads it. Callers record latencies counted from when a command was due, not from when it was sent, so
 * that a stall shows in the figures (open loop, no coordinated omission).
 */
public final class Latencies {

    private static final int SIGNIFICANT_DIGITS = 3;

    private final ConcurrentHistogram histogram = new ConcurrentHistogram(SIGNIFICANT_DIGITS);

    /** Records one latency; a negative value counts as zero. */
    public void record(long nanos) {
        histogram.recordValue(Math.max(0, nanos / 1_000));
    }

    public long count() {
        return histogram.getTotalCount();
    }

    /** The latency at the given quantile (0 to 1) in milliseconds; 0 when nothing was recorded. */
    public double quantileMs(double quantile) {
        if (histogram.getTotalCount() == 0) {
            return 0;
        }
        return histogram.getValueAtPercentile(quantile * 100) / 1000.0;
    }

    public double maxMs() {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getMaxValue() / 1000.0;
    }

    /** A copy of the histogram (microseconds), for merging or printing its full distribution. */
    public Histogram snapshot() {
        return histogram.copy();
    }
}
