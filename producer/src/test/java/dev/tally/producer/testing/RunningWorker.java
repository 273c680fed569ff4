package dev.tally.producer.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.tally.producer.client.TransferClient;
import dev.tally.testkit.KafkaTopics;
import dev.tally.testkit.TallyServices;

import static org.awaitility.Awaitility.await;

/**
 * The real worker, started from its executable jar as a child process against the test run's PostgreSQL and Kafka
 * broker ({@link TallyServices}) on topics of the test class's own, and stopped after the class. Register it as a
 * static {@code @RegisterExtension} field.
 */
public final class RunningWorker implements BeforeAllCallback, AfterAllCallback {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final AtomicInteger ACCOUNTS = new AtomicInteger();

    private final String prefix = KafkaTopics.unique("producer-it");
    private final Map<String, String> environment;
    private TallyServices services;
    private Process process;
    private Path log;

    public RunningWorker() {
        this(Map.of());
    }

    /** A worker with extra environment variables (its settings in their environment form). */
    public RunningWorker(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    public String commandsTopic() {
        return prefix + ".commands";
    }

    public String resultsTopic() {
        return prefix + ".results";
    }

    public String bootstrap() {
        return services.kafkaBootstrap();
    }

    public TallyServices services() {
        return services;
    }

    /** A client of this worker's topics; the caller closes it. */
    public TransferClient.Builder clientBuilder() {
        return TransferClient.builder()
                .bootstrapServers(bootstrap())
                .commandsTopic(commandsTopic())
                .resultsTopic(resultsTopic())
                .defaultTimeout(Duration.ofSeconds(60));
    }

    /** An account id no other test of the run uses, readable in failure messages. */
    public String newAccount(String name) {
        return name + "-" + ACCOUNTS.incrementAndGet() + "-" + prefix.substring(prefix.length() - 8);
    }

    /** The balance in the book of record. */
    public long balance(String account) throws SQLException {
        try (Connection connection = services.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT balance FROM accounts WHERE id = ?")) {
            statement.setString(1, account);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("no account " + account);
                }
                return row.getLong(1);
            }
        }
    }

    /** Runs one SQL update behind the worker's back; returns the rows changed. */
    public int update(String sql, Object... parameters) throws SQLException {
        try (Connection connection = services.dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        services = TallyServices.get();
        // The worker creates its dead-letter topic itself, large enough for a dead letter of any command (it refuses to
        // start its listener on a smaller one).
        KafkaTopics.create(services.kafkaBootstrap(), 4, commandsTopic(), resultsTopic());
        Path jar = Path.of(System.getProperty("tally.worker.jar", "../worker/target/tally-worker.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the worker jar " + jar.toAbsolutePath() + " does not exist; build it "
                    + "first: ./mvnw -pl worker -am package -DskipTests");
        }
        log = Path.of("target", prefix + "-worker.log");
        Files.createDirectories(log.getParent());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", jar.toString());
        Map<String, String> env = builder.environment();
        env.put("SPRING_DATASOURCE_URL", services.jdbcUrl());
        env.put("SPRING_DATASOURCE_USERNAME", services.jdbcUser());
        env.put("SPRING_DATASOURCE_PASSWORD", services.jdbcPassword());
        env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", services.kafkaBootstrap());
        env.put("TALLY_WORKER_TOPICS_COMMANDS", commandsTopic());
        env.put("TALLY_WORKER_TOPICS_RESULTS", resultsTopic());
        env.put("TALLY_WORKER_TOPICS_DEAD_LETTERS", prefix + ".commands.DLT");
        env.put("TALLY_WORKER_TOPICS_PARTITIONS", "4");
        env.put("TALLY_WORKER_GROUP_ID", prefix + "-worker");
        env.put("TALLY_WORKER_INSTANCE_ID", prefix);
        env.put("SERVER_PORT", "0");
        env.putAll(environment);
        builder.redirectErrorStream(true);
        builder.redirectOutput(log.toFile());
        process = builder.start();
        try {
            await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the worker exited with " + process.exitValue() + ":\n" + tail());
                }
                return Files.readString(log, StandardCharsets.UTF_8).contains("partitions assigned");
            });
        } catch (RuntimeException e) {
            stop();
            throw new IllegalStateException("the worker did not start; its log " + log.toAbsolutePath() + " ends:\n"
                    + tail(), e);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    private void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private String tail() throws IOException {
        if (log == null || !log.toFile().exists()) {
            return "";
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** Where the worker's output goes. */
    public File logFile() {
        return log.toFile();
    }

    /** The worker's HTTP address (read API and actuator), from the port its log says it listens on. */
    public String httpUrl() throws IOException {
        String text = Files.readString(log, StandardCharsets.UTF_8);
        Matcher port = Pattern.compile("started on port (\\d+)").matcher(text);
        if (!port.find()) {
            throw new IllegalStateException("the worker's log " + log.toAbsolutePath() + " names no HTTP port");
        }
        return "http://127.0.0.1:" + port.group(1);
    }
}
