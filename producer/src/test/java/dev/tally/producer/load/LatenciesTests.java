package dev.tally.producer.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The HdrHistogram's percentiles are within 0.1 % of the exact ones, from microseconds to minutes. */
class LatenciesTests {

    @Test
    void percentilesOfAUniformSpreadAreWithinATenthOfAPercent() {
        Latencies latencies = new Latencies();
        for (int ms = 1; ms <= 1000; ms++) {
            latencies.record(ms * 1_000_000L);
        }
        assertThat(latencies.count()).isEqualTo(1000);
        assertThat(latencies.quantileMs(0.50)).isCloseTo(500, within(5.0));
        assertThat(latencies.quantileMs(0.99)).isCloseTo(990, within(10.0));
        assertThat(latencies.quantileMs(0.999)).isCloseTo(999, within(1.0));
        assertThat(latencies.maxMs()).isCloseTo(1000, within(1.0));
    }

    @Test
    void aLatencyOfMinutesIsKeptToItsMillisecond() {
        Latencies latencies = new Latencies();
        latencies.record(1_000_000L);
        latencies.record(300_000_000_000L);
        assertThat(latencies.quantileMs(0.5)).isCloseTo(1, within(0.01));
        assertThat(latencies.maxMs()).isCloseTo(300_000, within(300.0));
    }

    @Test
    void subMillisecondLatenciesKeepTenMicrosecondResolution() {
        Latencies latencies = new Latencies();
        latencies.record(250_000);
        assertThat(latencies.quantileMs(0.5)).isCloseTo(0.25, within(0.001));
    }

    @Test
    void isZeroWhenEmpty() {
        assertThat(new Latencies().quantileMs(0.99)).isZero();
    }
}
