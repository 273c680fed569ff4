package dev.tally.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The worker jar running as a child process, exactly as a user runs it: {@code java -jar tally-worker.jar} with
 * Spring Boot's environment settings, for the demo, the benchmark and the fault-injection suite. Its output goes to
 * a log file; {@link #close()} stops it with SIGTERM (a graceful shutdown) and kills it only if that takes too long,
 * {@link #kill()} kills it as a crash would, and it is killed when this JVM exits, so nothing is left running.
 */
public final class WorkerProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path log;
    private final Thread killer;

    private WorkerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.killer = new Thread(process::destroyForcibly, "kill-worker");
        try {
            Runtime.getRuntime().addShutdownHook(killer);
        } catch (IllegalStateException shuttingDown) {
            // This JVM is already exiting: a worker started now would outlive it.
            process.destroyForcibly();
            throw shuttingDown;
        }
    }

    /**
     * The worker jar of this checkout, {@code worker/target/tally-worker.jar}, unless {@code TALLY_WORKER_JAR} (or
     * the system property {@code tally.worker.jar}) names another.
     */
    public static Path jar() {
        String configured = System.getenv("TALLY_WORKER_JAR");
        if (configured == null) {
            configured = System.getProperty("tally.worker.jar");
        }
        Path jar = Path.of(configured != null ? configured : "worker/target/tally-worker.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no worker jar at " + jar.toAbsolutePath() + ": build it with "
                    + "`./mvnw -B -q package -DskipTests` in the repository root (or set TALLY_WORKER_JAR)");
        }
        return jar;
    }

    /**
     * Starts the worker and returns once it has started (its listener then joins the group by itself).
     *
     * @param environment {@code SPRING_*} and {@code TALLY_WORKER_*} settings
     * @param jvmOptions  options for the worker's JVM, such as {@code -Xmx512m}
     */
    public static WorkerProcess start(Map<String, String> environment, List<String> jvmOptions, Path log)
            throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new java.util.ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar().toString()));
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        WorkerProcess worker = new WorkerProcess(builder.start(), log);
        worker.awaitStarted();
        return worker;
    }

    public long pid() {
        return process.pid();
    }

    private void awaitStarted() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains("Started WorkerApplication")) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the worker exited with code " + process.exitValue()
                        + " while starting; its log " + log + " ends with:\n" + tail());
            }
            // Polling a child's log: there is no event to wait on.
            process.waitFor(200, TimeUnit.MILLISECONDS);
        }
        close();
        throw new IllegalStateException("the worker did not start within " + START_TIMEOUT.toSeconds() + " s; its log "
                + log + " ends with:\n" + tail());
    }

    private String tail() throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    /** The worker's log file. */
    public Path log() {
        return log;
    }

    /** SIGKILL, as a crash would; returns once the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
        forgetKiller();
    }

    /** Stops the worker gracefully (SIGTERM), forcibly after 30 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        forgetKiller();
    }

    private void forgetKiller() {
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }
}
