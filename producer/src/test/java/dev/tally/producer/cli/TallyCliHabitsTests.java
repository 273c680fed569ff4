package dev.tally.producer.cli;

import org.junit.jupiter.api.Test;

import static dev.tally.producer.cli.TallyCliTests.tally;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a shell user expects of a command-line tool: {@code --version} names the version of the build, and
 * {@code generate-completion} prints a completion script for bash and zsh that knows every command.
 */
class TallyCliHabitsTests {

    /** The version comes from the build (Maven's project version, passed to this test by Surefire). */
    @Test
    void versionIsTheBuildsVersion() {
        String built = System.getProperty("tally.build.version");
        assertThat(built).as("tally.build.version, set by the build").isNotBlank();

        TallyCliTests.Run run = tally("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("tally " + built + System.lineSeparator()).contains("Java ");
    }

    /** The completion script is generated from the command model, so it completes every command and option. */
    @Test
    void generatesACompletionScriptForEveryCommand() {
        TallyCliTests.Run run = tally("generate-completion");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("complete -F _complete_tally", "open-account", "transfer", "results",
                "balance", "load", "verify", "--bootstrap", "--reference");
        assertThat(tally("--help").out()).contains("generate-completion");
    }
}
