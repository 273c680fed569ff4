package dev.tally.bench;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The benchmark's command line, without running anything: scenarios chosen by name (all of them when none is
 * named), --help listing them, and an unknown name or a bad setting refused with exit code 2 and a message that
 * names it.
 */
class BenchTests {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void runsEveryScenarioWhenNoneIsNamedAndTheNamedOnesOtherwise() {
        assertThat(Scenario.chosen(List.of())).isEqualTo(EnumSet.allOf(Scenario.class));
        assertThat(Scenario.chosen(List.of("drain", "ceilings"))).containsExactly(Scenario.CEILINGS, Scenario.DRAIN);
        assertThat(refuse(List.of("hot-account", "holds"), null, null)).isEmpty();
    }

    @Test
    void refusesAnUnknownScenarioNamingItAndTheKnownOnes() {
        assertThat(refuse(List.of("latency", "latncy"), null, null)).hasValue(2);

        assertThat(err.toString()).startsWith("bench: unknown scenario 'latncy'; the scenarios are ceilings, "
                + "baseline, latency, curve, closed-loop, hot-account, holds, clients, drain, rolling");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void helpListsEveryScenarioAndExitsWithZero() {
        assertThat(refuse(List.of("--help"), null, null)).hasValue(0);

        assertThat(out.toString()).startsWith("usage: java -jar bench/target/tally-bench.jar [scenario...]");
        for (String scenario : Scenario.labels()) {
            assertThat(out.toString()).containsPattern("(?m)^  " + scenario + " +\\S");
        }
    }

    @Test
    void refusesABadScaleOrRollingVariantByTheVariablesName() {
        assertThat(refuse(List.of(), "0", null)).hasValue(2);
        assertThat(refuse(List.of(), "fast", null)).hasValue(2);
        assertThat(refuse(List.of(), null, "classic,eager")).hasValue(2);

        assertThat(err.toString()).contains("TALLY_BENCH_SCALE must be a number above 0, was '0'",
                "TALLY_BENCH_SCALE must be a number above 0, was 'fast'",
                "TALLY_BENCH_ROLLING: unknown variant 'eager', expected some of [classic, cooperative, consumer]");
    }

    @Test
    void scaleAndRollingVariantsHaveTheirDefaults() {
        assertThat(Bench.scale(null)).isEqualTo(1.0);
        assertThat(Bench.scale(" 0.3 ")).isEqualTo(0.3);
        assertThat(Bench.rollingVariants("")).isEqualTo(Set.of("classic", "consumer"));
        assertThatThrownBy(() -> Scenario.chosen(List.of("throughput"))).hasMessageContaining("'throughput'");
    }

    private OptionalInt refuse(List<String> args, String scale, String rolling) {
        return Bench.refuse(args, scale, rolling, new PrintWriter(out, true), new PrintWriter(err, true));
    }
}
