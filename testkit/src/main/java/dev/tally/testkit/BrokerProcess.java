package dev.tally.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A one-node KRaft Kafka broker (combined broker and controller) running as its own process, {@code kafka.Kafka}
 * from the Kafka jars on this JVM's class path, so that it can be stopped or killed with SIGKILL and started again
 * on the same ports and log directory (an in-JVM broker comes back only on other ports), for the fault-injection
 * suite and for tests that restart the broker. Its output goes to {@code broker.log} in its directory; it is killed
 * when this JVM exits, so nothing is left running.
 */
public final class BrokerProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path directory;
    private final int port;
    private final Path properties;
    private final List<String> jvmOptions;
    private final Map<String, Object> clientSecurity;
    private Process process;
    private Thread killer;

    private BrokerProcess(Path directory, int port, Path properties, List<String> jvmOptions,
                          Map<String, Object> clientSecurity) {
        this.directory = directory;
        this.port = port;
        this.properties = properties;
        this.jvmOptions = jvmOptions;
        this.clientSecurity = clientSecurity;
    }

    /** The listeners of a broker on its two ports, as {@code server.properties} lines. */
    interface Listeners {
        List<String> lines(int port, int controllerPort);
    }

    /**
     * Writes {@code server.properties} on two free ports and formats the log directory; {@link #start()} starts the
     * broker.
     *
     * @param directory  the broker's directory (created if missing): its settings, log directory and output
     * @param jvmOptions options for the JVMs of the storage tool and the broker, such as
     *                   {@code -XX:TieredStopAtLevel=1}, after the broker's {@code -Xmx512m -XX:+UseSerialGC}
     */
    public static BrokerProcess format(Path directory, List<String> jvmOptions)
            throws IOException, InterruptedException {
        Listeners plaintext = (port, controllerPort) -> List.of(
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        return format(directory, jvmOptions, plaintext, List.of(), Map.of());
    }

    /**
     * Writes {@code server.properties} with the given listeners (and any other lines they add) on two free ports
     * and formats the log directory.
     *
     * @param formatArguments more arguments of the storage tool's {@code format}, such as {@code --add-scram}
     * @param clientSecurity  the settings a client needs to reach the broker's advertised listener (the readiness
     *                        check uses them)
     */
    static BrokerProcess format(Path directory, List<String> jvmOptions, Listeners listeners,
                                List<String> formatArguments, Map<String, Object> clientSecurity)
            throws IOException, InterruptedException {
        Files.createDirectories(directory);
        int port = freePort();
        int controllerPort = freePort();
        Path properties = directory.resolve("server.properties");
        List<String> lines = new ArrayList<>(List.of(
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "controller.listener.names=CONTROLLER"));
        lines.addAll(listeners.lines(port, controllerPort));
        lines.addAll(List.of(
                "log.dirs=" + directory.resolve("logs"),
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=false",
                ""));
        Files.writeString(properties, String.join("\n", lines), StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath(), "kafka.tools.StorageTool", "format",
                "-t", Uuid.randomUuid().toString(), "-c", properties.toString()));
        command.addAll(formatArguments);
        Path log = directory.resolve("format.log");
        Process format = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!format.waitFor(120, TimeUnit.SECONDS) || format.exitValue() != 0) {
            format.destroyForcibly();
            throw new IllegalStateException("formatting the broker's storage failed; see " + log + ":\n"
                    + Files.readString(log));
        }
        return new BrokerProcess(directory, port, properties, List.copyOf(jvmOptions), Map.copyOf(clientSecurity));
    }

    /** The broker's {@code host:port}, the same across restarts. */
    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker and returns once it answers a cluster description. */
    public void start() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx512m", "-XX:+UseSerialGC"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath(), "kafka.Kafka", properties.toString()));
        Path log = directory.resolve("broker.log");
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Process started = process;
        killer = new Thread(started::destroyForcibly, "kill-broker");
        Runtime.getRuntime().addShutdownHook(killer);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        Map<String, Object> adminConfig = new java.util.HashMap<>(clientSecurity);
        adminConfig.putAll(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000));
        try (Admin admin = Admin.create(adminConfig)) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the broker exited with code " + process.exitValue()
                            + "; see " + log);
                }
                try {
                    admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
                    return;
                } catch (Exception notYet) {
                    // Polling a starting process: there is no event to wait on.
                    process.waitFor(200, TimeUnit.MILLISECONDS);
                }
            }
        }
        throw new IllegalStateException("the broker did not start within " + START_TIMEOUT.toSeconds() + " s; see "
                + log);
    }

    /** Stops the broker (SIGTERM, a controlled shutdown), forcibly after 60 s; returns once the process is gone. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        removeHook();
    }

    /** SIGKILL, as a crash would; returns once the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
        removeHook();
    }

    /** Kills the broker if it runs (SIGKILL) and waits up to 30 s for it to be gone. */
    @Override
    public void close() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            removeHook();
        }
    }

    private void removeHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** Failsafe runs tests with a manifest-only jar; it names the real class path in this property. */
    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
