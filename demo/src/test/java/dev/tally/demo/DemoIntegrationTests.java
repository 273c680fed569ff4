package dev.tally.demo;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's run command, as a test: the demo starts a broker, a database and the real worker jar, runs a short
 * load with races, duplicates and rejections, verifies every invariant and stops everything it started.
 */
class DemoIntegrationTests {

    @Test
    void runsTheWholeSystemAndFindsEveryInvariantHolding() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exitCode = new Demo(new PrintWriter(out, true), new PrintWriter(err, true)).run(Duration.ofSeconds(5));

        String output = out.toString();
        assertThat(exitCode).as("exit code; output:%n%s%nerrors:%n%s", output, err).isZero();
        assertThat(output).contains("==> Starting the worker", "==> Verifying every invariant", "OK");
        assertThat(output).doesNotContain("VIOLATED");
    }
}
