package dev.tally.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ShortRunJitTests {

    @Test
    void runsTheSameCommandLineAgainWithC1Only() {
        Optional<List<String>> command = ShortRunJit.relaunchCommand(Optional.of("/usr/lib/jvm/bin/java"),
                Optional.of(new String[] {"-Xmx1g", "-jar", "demo/target/tally-demo.jar"}), List.of("-Xmx1g"));

        assertThat(command).contains(List.of("/usr/lib/jvm/bin/java", "-XX:TieredStopAtLevel=1", "-Xmx1g", "-jar",
                "demo/target/tally-demo.jar"));
    }

    @Test
    void keepsACompilerChoiceMadeOnTheCommandLine() {
        Optional<String[]> arguments = Optional.of(new String[] {"-jar", "demo/target/tally-demo.jar"});
        for (String choice : List.of("-XX:TieredStopAtLevel=1", "-XX:TieredStopAtLevel=4", "-XX:-TieredCompilation",
                "-XX:+TieredCompilation")) {
            assertThat(ShortRunJit.relaunchCommand(Optional.of("java"), arguments, List.of("-Xmx1g", choice)))
                    .as(choice).isEmpty();
        }
    }

    @Test
    void runsInThisJvmWhenItsCommandLineCannotBeRead() {
        assertThat(ShortRunJit.relaunchCommand(Optional.empty(), Optional.of(new String[] {"-jar", "x.jar"}),
                List.of())).isEmpty();
        assertThat(ShortRunJit.relaunchCommand(Optional.of("java"), Optional.empty(), List.of())).isEmpty();
    }
}
