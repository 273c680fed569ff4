package dev.tally.demo;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The demo's lengths from the environment: defaults when unset, and a bad value refused naming its variable. */
class DemoTests {

    @Test
    void lengthsComeFromTheEnvironmentOrTheirDefaults() {
        Map<String, String> environment = Map.of("TALLY_DEMO_WARMUP_SECONDS", "0", "TALLY_DEMO_SECONDS", " 5 ");
        assertThat(Demo.seconds(environment, "TALLY_DEMO_WARMUP_SECONDS", 10, 0)).isEqualTo(Duration.ZERO);
        assertThat(Demo.seconds(environment, "TALLY_DEMO_SECONDS", 20, 1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(Demo.seconds(Map.of(), "TALLY_DEMO_WARMUP_SECONDS", 10, 0)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aLengthThatIsNotAWholeNumberOfSecondsOrTooSmallIsRefusedByName() {
        assertThatThrownBy(() -> Demo.seconds(Map.of("TALLY_DEMO_WARMUP_SECONDS", "-1"),
                "TALLY_DEMO_WARMUP_SECONDS", 10, 0))
                .hasMessage("TALLY_DEMO_WARMUP_SECONDS must be a whole number of seconds, at least 0, was '-1'");
        assertThatThrownBy(() -> Demo.seconds(Map.of("TALLY_DEMO_SECONDS", "10s"), "TALLY_DEMO_SECONDS", 20, 1))
                .hasMessageContaining("TALLY_DEMO_SECONDS must be a whole number of seconds");
        assertThatThrownBy(() -> Demo.seconds(Map.of("TALLY_DEMO_SECONDS", "0"), "TALLY_DEMO_SECONDS", 20, 1))
                .hasMessageContaining("at least 1, was '0'");
    }
}
