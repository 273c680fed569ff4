package dev.tally.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class DemoJvmTests {

    private static final Optional<String[]> DEMO = Optional.of(new String[] {"-jar", "demo/target/tally-demo.jar"});

    @Test
    void runsTheSameCommandLineAgainWithC1OnlyAndTheBrokersHeap() {
        Optional<List<String>> command = DemoJvm.relaunchCommand(Optional.of("/usr/lib/jvm/bin/java"),
                Optional.of(new String[] {"-Dx=y", "-jar", "demo/target/tally-demo.jar"}), List.of("-Dx=y"), true);

        assertThat(command).contains(List.of("/usr/lib/jvm/bin/java", "-XX:TieredStopAtLevel=1", "-Xms1g", "-Dx=y",
                "-jar", "demo/target/tally-demo.jar"));
    }

    @Test
    void keepsACompilerChoiceMadeOnTheCommandLine() {
        for (String choice : List.of("-XX:TieredStopAtLevel=1", "-XX:TieredStopAtLevel=4", "-XX:-TieredCompilation",
                "-XX:+TieredCompilation")) {
            assertThat(DemoJvm.relaunchCommand(Optional.of("java"), DEMO, List.of(choice), true))
                    .as(choice).contains(List.of("java", "-Xms1g", "-jar", "demo/target/tally-demo.jar"));
        }
    }

    @Test
    void keepsAHeapSizeChosenOnTheCommandLine() {
        for (String choice : List.of("-Xmx512m", "-Xms2g", "-XX:InitialHeapSize=1073741824", "-XX:MinHeapSize=1g",
                "-XX:MaxHeapSize=4g")) {
            assertThat(DemoJvm.relaunchCommand(Optional.of("java"), DEMO, List.of(choice), true))
                    .as(choice)
                    .contains(List.of("java", "-XX:TieredStopAtLevel=1", "-jar", "demo/target/tally-demo.jar"));
        }
    }

    @Test
    void runsInThisJvmWhenItsCommandLineChoseBothOrCannotBeRead() {
        assertThat(DemoJvm.relaunchCommand(Optional.of("java"), DEMO, List.of("-Xmx1g", "-XX:+TieredCompilation"),
                true)).isEmpty();
        assertThat(DemoJvm.relaunchCommand(Optional.empty(), DEMO, List.of(), true)).isEmpty();
        assertThat(DemoJvm.relaunchCommand(Optional.of("java"), Optional.empty(), List.of(), true)).isEmpty();
    }

    @Test
    void givesTheBenchmarkOnlyTheBrokersHeap() {
        assertThat(DemoJvm.relaunchCommand(Optional.of("java"), Optional.of(new String[] {"-jar", "tally-bench.jar"}),
                List.of(), false)).contains(List.of("java", "-Xms1g", "-jar", "tally-bench.jar"));
        assertThat(DemoJvm.relaunchCommand(Optional.of("java"), DEMO, List.of("-Xmx2g"), false)).isEmpty();
    }
}
