package dev.tally.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The JVM flags of the demo's short-lived JVMs and of the benchmark's, and the relaunch that applies them to this
 * one.
 *
 * <p><b>C1 only.</b> The demo's JVMs (this one, with the broker and the load generator, and the worker's) live for
 * about a minute, which on a small machine is not enough for the optimising compiler (C2) to finish: on 2 cores, 30
 * to 60 s after their start the compiler threads of this JVM and of the worker still used 400-530 and 200-400 ms of
 * CPU a second, 35-45% of the machine, and the demo's p99 was 240-400 ms. With C1 alone
 * ({@code -XX:TieredStopAtLevel=1}) their compiling is over within the warm-up, and the same demo printed a p99 of
 * 103-124 ms. The code C1 makes is slower (this JVM then used 1.1 cores against 0.7-0.9 with C2), so a worker that
 * runs for long keeps the JVM's default; only the demo chooses C1, and it says so.
 *
 * <p><b>The broker's heap.</b> This JVM starts with the heap Kafka's own start script gives a broker
 * ({@code -Xms1g}). With the JVM's default initial heap, G1 kept it near 300 MB and collected the young generation
 * every 2 s of the load, each pause of 12-18 ms stopping the broker and the load generator at once; with 1 GB it
 * collects every 6 s (pauses of 20-39 ms). In seven alternated pairs of demo runs on one day, the p99 was lower with
 * it in six: median 36 ms against 49 ms. The benchmark's JVM, which holds the broker too, starts with the same heap
 * (and the JVM's default compilers).
 *
 * <p>This JVM's flags are fixed by its command line ({@code java -jar demo/target/tally-demo.jar}), so the demo runs
 * itself again as a child process with the flags added that its command line did not choose itself.
 */
public final class DemoJvm {

    public static final String C1_ONLY = "-XX:TieredStopAtLevel=1";

    public static final String BROKER_HEAP = "-Xms1g";

    private DemoJvm() {
    }

    /** Whether these JVM arguments choose the compilers themselves (C1 only, a stop level, tiering on or off). */
    static boolean compilerChosen(List<String> jvmArguments) {
        return jvmArguments.stream().anyMatch(argument -> argument.startsWith("-XX:TieredStopAtLevel=")
                || argument.equals("-XX:-TieredCompilation") || argument.equals("-XX:+TieredCompilation"));
    }

    /** Whether these JVM arguments size the heap themselves (its initial, least or largest size). */
    static boolean heapChosen(List<String> jvmArguments) {
        return jvmArguments.stream().anyMatch(argument -> argument.startsWith("-Xms") || argument.startsWith("-Xmx")
                || argument.startsWith("-XX:InitialHeapSize=") || argument.startsWith("-XX:MinHeapSize=")
                || argument.startsWith("-XX:MaxHeapSize="));
    }

    /** The JVM options for the demo's worker: C1 only when this JVM runs so. */
    static List<String> workerOptions() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().contains(C1_ONLY) ? List.of(C1_ONLY)
                : List.of();
    }

    /**
     * Runs this JVM's command line again with the flags {@link #relaunchCommand} adds, and exits with the child's exit
     * code; returns when there is nothing to add, or when the child cannot be started (after saying so on
     * {@code err}), and this JVM then does the work itself.
     *
     * @param c1Only whether to add {@link #C1_ONLY}: the demo's JVM, not the benchmark's, which holds the broker for
     *               a quarter of an hour, long enough for the optimising compiler to pay
     */
    public static void relaunch(boolean c1Only, PrintStream err) throws InterruptedException {
        Optional<List<String>> command = relaunchCommand(ProcessHandle.current().info().command(),
                ProcessHandle.current().info().arguments(), ManagementFactory.getRuntimeMXBean().getInputArguments(),
                c1Only);
        if (command.isEmpty()) {
            return;
        }
        try {
            System.exit(run(command.get()));
        } catch (IOException e) {
            err.println("could not run again as " + String.join(" ", command.get()) + " (" + e.getMessage()
                    + "); running in this JVM with its own flags");
        }
    }

    /**
     * This process's command line with {@link #C1_ONLY} (when {@code c1Only}) and {@link #BROKER_HEAP} put before
     * its other arguments, each unless the command line already chose the compilers or the heap; empty when there
     * is nothing to add, or when the command line cannot be read.
     */
    static Optional<List<String>> relaunchCommand(Optional<String> java, Optional<String[]> arguments,
                                                  List<String> jvmArguments, boolean c1Only) {
        List<String> added = new ArrayList<>();
        if (c1Only && !compilerChosen(jvmArguments)) {
            added.add(C1_ONLY);
        }
        if (!heapChosen(jvmArguments)) {
            added.add(BROKER_HEAP);
        }
        if (added.isEmpty() || java.isEmpty() || arguments.isEmpty() || arguments.get().length == 0) {
            return Optional.empty();
        }
        List<String> command = new ArrayList<>();
        command.add(java.get());
        command.addAll(added);
        command.addAll(List.of(arguments.get()));
        return Optional.of(command);
    }

    /**
     * Runs {@code command} with this process's standard streams and returns its exit code. When this JVM is told to
     * stop (Ctrl-C reaches both), it waits for the child, which stops everything it started, before it exits.
     */
    private static int run(List<String> command) throws IOException, InterruptedException {
        Process child = new ProcessBuilder(command).inheritIO().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                if (!child.waitFor(60, TimeUnit.SECONDS)) {
                    child.destroy();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "await-demo"));
        return child.waitFor();
    }
}
