package dev.tally.producer.load;

import java.time.Duration;

/**
 * When each transfer of a run is due, and to which part of the run it belongs: first the warm-up, for its duration,
 * then the measured part, for its duration or its count. In open loop (a rate) the n-th transfer of a part is due n
 * intervals after the part started, so a late publisher sends behind schedule and its lateness counts in the
 * latencies; in closed loop a transfer is due when it is sent.
 *
 * <p>The measured part starts when the warm-up ends, or when the publisher gets to it if it is behind then. Its
 * schedule starts afresh there: the warm-up's transfers that were due but not yet sent are dropped, not sent in a
 * burst at the start of the measured part, where they would count as measured commands that are late.
 *
 * <p>Not thread-safe: the publishing thread owns it.
 */
final class Schedule {

    /** What {@link #next} returns once the measured part is complete. */
    static final long OVER = Long.MIN_VALUE;

    private final long warmupNanos;
    private final long durationNanos;
    private final long count;
    private final double intervalNanos;
    private boolean measuring;
    private long partStartNanos;
    private long sentInPart;

    /**
     * @param warmup        {@link Duration#ZERO} for none
     * @param duration      how long the measured part lasts; {@code null} when {@code count} decides
     * @param count         how many transfers the measured part sends; {@code null} when {@code duration} decides
     * @param ratePerSecond open loop; {@code null} for closed loop
     * @param startNanos    when the warm-up (or, without one, the measured part) starts, on {@link System#nanoTime}
     */
    Schedule(Duration warmup, Duration duration, Long count, Double ratePerSecond, long startNanos) {
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("warm-up must not be negative, was " + warmup);
        }
        if (duration == null && count == null) {
            throw new IllegalArgumentException("give a duration or a count");
        }
        this.warmupNanos = warmup.toNanos();
        this.durationNanos = duration == null ? Long.MAX_VALUE : duration.toNanos();
        this.count = count == null ? Long.MAX_VALUE : count;
        this.intervalNanos = ratePerSecond == null ? 0 : 1e9 / ratePerSecond;
        this.measuring = warmupNanos == 0;
        this.partStartNanos = startNanos;
    }

    static Schedule of(LoadSettings settings, long startNanos) {
        return new Schedule(settings.warmup(), settings.duration(), settings.count(), settings.ratePerSecond(),
                startNanos);
    }

    /**
     * When the next transfer is due, given the time now: in open loop its place in the schedule (in the past when the
     * publisher is behind, in the future when it is early), in closed loop {@code nowNanos}; {@link #OVER} when the
     * measured part is complete. Moves on to the measured part once the warm-up is over: when the next warm-up
     * transfer would be due at or after the warm-up's end, or when that end has passed.
     */
    long next(long nowNanos) {
        if (!measuring) {
            long due = dueAt(nowNanos);
            long warmupEndNanos = partStartNanos + warmupNanos;
            if (due - warmupEndNanos < 0 && nowNanos - warmupEndNanos < 0) {
                return due;
            }
            measuring = true;
            partStartNanos = nowNanos - warmupEndNanos > 0 ? nowNanos : warmupEndNanos;
            sentInPart = 0;
        }
        if (sentInPart >= count || nowNanos - partStartNanos >= durationNanos) {
            return OVER;
        }
        return dueAt(nowNanos);
    }

    /** Counts the transfer {@link #next} announced as sent. */
    void sent() {
        sentInPart++;
    }

    /** Whether {@link #next} has moved on to the measured part. */
    boolean measuring() {
        return measuring;
    }

    /** When the part under way started: the warm-up, or once {@link #measuring()}, the measured part. */
    long partStartNanos() {
        return partStartNanos;
    }

    private long dueAt(long nowNanos) {
        return intervalNanos > 0 ? partStartNanos + (long) (sentInPart * intervalNanos) : nowNanos;
    }
}
