package dev.tally.producer.client;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A one-node KRaft broker in a process of its own, from the Kafka jars on the test class path, so that a test can
 * kill it and start it again on the same ports and log directory (the in-JVM broker comes back only on other
 * ports). The same recipe as the fault suite's broker, kept small for the client's tests.
 */
final class RestartableBroker implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path directory;
    private final int port;
    private final Path properties;
    private Process process;

    private RestartableBroker(Path directory, int port, Path properties) {
        this.directory = directory;
        this.port = port;
        this.properties = properties;
    }

    /** Writes {@code server.properties} on two free ports and formats the log directory. */
    static RestartableBroker format(Path directory) throws IOException, InterruptedException {
        int port = freePort();
        int controllerPort = freePort();
        Path properties = directory.resolve("server.properties");
        Files.writeString(properties, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + directory.resolve("logs"),
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=false",
                ""), StandardCharsets.UTF_8);
        Process format = new ProcessBuilder(java(), "-XX:TieredStopAtLevel=1", "-cp", classPath(),
                "kafka.tools.StorageTool", "format",
                "-t", Uuid.randomUuid().toString(), "-c", properties.toString())
                .redirectErrorStream(true).redirectOutput(directory.resolve("format.log").toFile()).start();
        if (!format.waitFor(120, TimeUnit.SECONDS) || format.exitValue() != 0) {
            format.destroyForcibly();
            throw new IllegalStateException("formatting the broker's storage failed:\n"
                    + Files.readString(directory.resolve("format.log")));
        }
        return new RestartableBroker(directory, port, properties);
    }

    String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker and returns once it answers a cluster description. */
    void start() throws IOException, InterruptedException {
        Path log = directory.resolve("broker.log");
        process = new ProcessBuilder(java(), "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
                classPath(), "kafka.Kafka",
                properties.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000))) {
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

    /** Stops the broker (SIGTERM, a controlled shutdown); returns once the process is gone. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** Failsafe runs tests with a manifest-only jar; it names the real class path in this property. */
    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
