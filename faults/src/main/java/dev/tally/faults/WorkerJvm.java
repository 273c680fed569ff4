package dev.tally.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The worker jar as a child process ({@code java -jar tally-worker.jar}, configured through its environment), which
 * the suite kills with SIGKILL. This is a small sibling of the demo's {@code WorkerProcess}: the demo's jar is a
 * repackaged Spring Boot jar, which another module cannot depend on.
 */
final class WorkerJvm {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final Path log;
    private final Thread killer;

    private WorkerJvm(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.killer = new Thread(process::destroyForcibly, "kill-worker");
        Runtime.getRuntime().addShutdownHook(killer);
    }

    /** {@code worker/target/tally-worker.jar}, or {@code TALLY_WORKER_JAR} / {@code -Dtally.worker.jar}. */
    static Path jar() {
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

    /** Starts a worker and returns once Spring Boot says it started. */
    static WorkerJvm start(Map<String, String> environment, List<String> jvmOptions, Path log)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(BrokerProcess.java()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        WorkerJvm worker = new WorkerJvm(builder.start(), log);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.readString(log, StandardCharsets.UTF_8).contains("Started WorkerApplication")) {
                return worker;
            }
            if (!worker.process.isAlive()) {
                throw new IllegalStateException("a worker exited with code " + worker.process.exitValue()
                        + " while starting; see " + log);
            }
            // Polling a child's log: there is no event to wait on.
            worker.process.waitFor(200, TimeUnit.MILLISECONDS);
        }
        worker.kill();
        throw new IllegalStateException("a worker did not start within " + START_TIMEOUT.toSeconds() + " s; see " + log);
    }

    /** SIGKILL, as a crash would; returns once the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    Path log() {
        return log;
    }
}
