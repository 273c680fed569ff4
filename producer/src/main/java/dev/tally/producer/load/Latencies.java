package dev.tally.producer.load;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A thread-safe latency histogram with logarithmic buckets: 10 µs wide below 1 ms, then 1 % wide up to about
 * 20 minutes, so percentiles are exact to about 1 % whatever the run's length, in constant memory.
 */
public final class Latencies {

    private static final int LINEAR_BUCKETS = 100;
    private static final double GROWTH = Math.log(1.01);
    private static final int BUCKETS = LINEAR_BUCKETS + 1500;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong maxMicros = new AtomicLong();

    public void record(long nanos) {
        long micros = Math.max(0, nanos / 1_000);
        counts.incrementAndGet(bucket(micros));
        total.incrementAndGet();
        maxMicros.accumulateAndGet(micros, Math::max);
    }

    public long count() {
        return total.get();
    }

    /** The latency at the given quantile (0 to 1) in milliseconds; 0 when nothing was recorded. */
    public double quantileMs(double quantile) {
        long n = total.get();
        if (n == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(quantile * n));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return Math.min(upperMicros(i), maxMicros.get()) / 1000.0;
            }
        }
        return maxMicros.get() / 1000.0;
    }

    public double maxMs() {
        return maxMicros.get() / 1000.0;
    }

    private static int bucket(long micros) {
        if (micros < 1_000) {
            return (int) (micros / 10);
        }
        int index = LINEAR_BUCKETS + (int) (Math.log(micros / 1000.0) / GROWTH);
        return Math.min(index, BUCKETS - 1);
    }

    private static long upperMicros(int bucket) {
        if (bucket < LINEAR_BUCKETS) {
            return (bucket + 1) * 10L;
        }
        return (long) Math.ceil(1000.0 * Math.exp((bucket - LINEAR_BUCKETS + 1) * GROWTH));
    }
}
