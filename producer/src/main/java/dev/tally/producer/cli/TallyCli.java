package dev.tally.producer.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code tally}: publish commands, follow results, read balances, generate load and verify the invariants.
 *
 * <p>Exit codes: 0 success (applied, all invariants OK); 1 a command was rejected or an invariant was violated;
 * 2 a usage error, a bad argument, or the broker or database could not be reached (or the outcome is unknown).
 */
@Command(name = "tally", mixinStandardHelpOptions = true, versionProvider = TallyCli.BuildVersion.class,
        description = "Publish Tally commands, follow their results, generate load and verify the invariants.",
        subcommands = {OpenAccountCommand.class, TransferCommand.class, ResultsCommand.class, BalanceCommand.class,
                HoldCommand.class, PostCommand.class, VoidCommand.class, LinkedCommand.class, CloseCommand.class,
                StatementCommand.class, ClientsCommand.class,
                LoadCommand.class, VerifyCommand.class,
                CommandLine.HelpCommand.class, AutoComplete.GenerateCompletion.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  success (applied; every invariant OK)",
                "  1  rejected; an invariant VIOLATED",
                "  2  usage error, bad argument, broker or database unreachable, outcome unknown"})
public final class TallyCli implements Runnable {

    static final int EXIT_OK = 0;
    static final int EXIT_REJECTED = 1;
    static final int EXIT_USAGE = 2;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command");
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int exitCode = execute(out, err, args);
        out.flush();
        err.flush();
        System.exit(exitCode);
    }

    /** Runs one command line with the given output streams and returns its exit code; never throws. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new TallyCli());
        // picocli hides its completion command by default; users should find it in the help.
        commandLine.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((exception, failed, parseResult) -> {
            String name = failed.getCommandSpec().qualifiedName();
            if (exception instanceof CliException cli) {
                failed.getErr().println(name + ": " + cli.getMessage());
                return cli.exitCode();
            }
            if (exception instanceof IllegalArgumentException || exception instanceof java.sql.SQLException
                    || exception instanceof org.apache.kafka.common.KafkaException) {
                failed.getErr().println(name + ": " + exception.getMessage());
                return EXIT_USAGE;
            }
            // Not the user's doing: the stack trace is what a bug report needs.
            failed.getErr().println(name + ": unexpected failure: " + exception);
            exception.printStackTrace(failed.getErr());
            return EXIT_USAGE;
        });
        int exitCode = commandLine.execute(args);
        out.flush();
        err.flush();
        return exitCode;
    }

    /** {@code tally --version}: the version this jar was built as, written into {@code version.properties}. */
    static final class BuildVersion implements CommandLine.IVersionProvider {

        @Override
        public String[] getVersion() {
            Properties build = new Properties();
            try (InputStream in = TallyCli.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    build.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new String[] {"tally " + build.getProperty("version", "(unknown version: built without Maven)"),
                    "Java ${java.version} (${java.vendor} ${java.vm.name}), ${os.name} ${os.arch}"};
        }
    }
}
