package dev.tally.producer.load;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * When each transfer is due and to which part it belongs, on a clock the test moves by hand: the warm-up runs for its
 * duration on the configured schedule, and the measured part's schedule starts afresh where the warm-up ends, or
 * where a late publisher gets to it, without a burst of catch-up.
 */
class ScheduleTests {

    private static final long MS = 1_000_000;
    /** Any {@code System.nanoTime()} reading: the schedule only counts from it. */
    private static final long T0 = 123_456 * MS;

    @Test
    void withoutAWarmupEveryTransferIsMeasuredFromTheStart() {
        Schedule schedule = new Schedule(Duration.ZERO, null, 3L, 100.0, T0);

        assertThat(schedule.measuring()).isTrue();
        for (int n = 0; n < 3; n++) {
            assertThat(schedule.next(T0 + n * 10 * MS)).isEqualTo(T0 + n * 10 * MS);
            schedule.sent();
        }
        assertThat(schedule.next(T0 + 30 * MS)).isEqualTo(Schedule.OVER);
    }

    @Test
    void openLoopKeepsTheRateThroughTheWarmupAndStartsTheMeasuredScheduleWhereTheWarmupEnds() {
        // 100/s is one transfer every 10 ms: a warm-up of 1 s holds the 100 due at 0, 10, ..., 990 ms.
        Schedule schedule = new Schedule(Duration.ofSeconds(1), null, 5L, 100.0, T0);
        for (int n = 0; n < 100; n++) {
            assertThat(schedule.next(T0 + n * 10 * MS)).isEqualTo(T0 + n * 10 * MS);
            assertThat(schedule.measuring()).as("transfer %d", n).isFalse();
            schedule.sent();
        }

        // The next one would be due at 1,000 ms, the warm-up's end: there the measured part starts, on time.
        assertThat(schedule.next(T0 + 995 * MS)).isEqualTo(T0 + 1_000 * MS);
        assertThat(schedule.measuring()).isTrue();
        assertThat(schedule.partStartNanos()).isEqualTo(T0 + 1_000 * MS);
        schedule.sent();
        for (int n = 1; n < 5; n++) {
            assertThat(schedule.next(T0 + (1_000 + n * 10) * MS)).isEqualTo(T0 + (1_000 + n * 10) * MS);
            schedule.sent();
        }
        assertThat(schedule.next(T0 + 1_050 * MS)).as("the count is the measured part's").isEqualTo(Schedule.OVER);
    }

    @Test
    void aPublisherStillBehindWhenTheWarmupEndsStartsTheMeasuredScheduleWhereItIsWithoutCatchingUp() {
        Schedule schedule = new Schedule(Duration.ofSeconds(1), null, 3L, 100.0, T0);
        assertThat(schedule.next(T0)).isEqualTo(T0);
        schedule.sent();

        // Stalled for 2.5 s: 249 warm-up transfers were due and never sent. They are dropped, not sent in a burst.
        assertThat(schedule.next(T0 + 2_500 * MS)).isEqualTo(T0 + 2_500 * MS);
        assertThat(schedule.measuring()).isTrue();
        assertThat(schedule.partStartNanos()).isEqualTo(T0 + 2_500 * MS);
        schedule.sent();
        assertThat(schedule.next(T0 + 2_501 * MS)).as("one interval after the measured part's start")
                .isEqualTo(T0 + 2_510 * MS);
    }

    @Test
    void closedLoopWarmsUpForItsDurationThenSendsTheWholeCount() {
        Schedule schedule = new Schedule(Duration.ofMillis(500), null, 2L, null, T0);
        for (long t = T0; t < T0 + 500 * MS; t += 50 * MS) {
            assertThat(schedule.next(t)).as("due when it can be sent").isEqualTo(t);
            assertThat(schedule.measuring()).isFalse();
            schedule.sent();
        }

        assertThat(schedule.next(T0 + 520 * MS)).isEqualTo(T0 + 520 * MS);
        assertThat(schedule.measuring()).isTrue();
        assertThat(schedule.partStartNanos()).isEqualTo(T0 + 520 * MS);
        schedule.sent();
        assertThat(schedule.next(T0 + 530 * MS)).isEqualTo(T0 + 530 * MS);
        schedule.sent();
        assertThat(schedule.next(T0 + 540 * MS)).isEqualTo(Schedule.OVER);
    }

    @Test
    void theMeasuredDurationCountsFromTheWarmupsEnd() {
        Schedule schedule = new Schedule(Duration.ofSeconds(1), Duration.ofSeconds(2), null, null, T0);
        schedule.next(T0);
        schedule.sent();
        assertThat(schedule.next(T0 + 1_000 * MS)).isEqualTo(T0 + 1_000 * MS);
        assertThat(schedule.measuring()).isTrue();
        schedule.sent();

        assertThat(schedule.next(T0 + 2_999 * MS)).isEqualTo(T0 + 2_999 * MS);
        schedule.sent();
        assertThat(schedule.next(T0 + 3_000 * MS)).isEqualTo(Schedule.OVER);
    }

    @Test
    void refusesANegativeWarmup() {
        assertThatThrownBy(() -> new Schedule(Duration.ofSeconds(-1), null, 1L, null, T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("warm-up must not be negative");
    }
}
