package dev.tally.producer.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The histogram's percentiles are within about 1 % of the exact ones, from microseconds to seconds. */
class LatenciesTests {

    @Test
    void percentilesOfAUniformSpreadAreWithinOnePercent() {
        Latencies latencies = new Latencies();
        for (int ms = 1; ms <= 1000; ms++) {
            latencies.record(ms * 1_000_000L);
        }
        assertThat(latencies.count()).isEqualTo(1000);
        assertThat(latencies.quantileMs(0.50)).isCloseTo(500, within(5.0));
        assertThat(latencies.quantileMs(0.99)).isCloseTo(990, within(10.0));
        assertThat(latencies.maxMs()).isEqualTo(1000);
    }

    @Test
    void subMillisecondLatenciesKeepTenMicrosecondResolution() {
        Latencies latencies = new Latencies();
        latencies.record(250_000);
        assertThat(latencies.quantileMs(0.5)).isCloseTo(0.25, within(0.011));
    }

    @Test
    void isZeroWhenEmpty() {
        assertThat(new Latencies().quantileMs(0.99)).isZero();
    }
}
