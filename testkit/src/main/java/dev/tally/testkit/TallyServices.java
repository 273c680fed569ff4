package dev.tally.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The real PostgreSQL server and Kafka broker that this JVM's tests run against, resolved once and shared.
 *
 * <p>Each service is resolved independently, first match wins:
 * <ol>
 * <li>the environment: {@code TALLY_TEST_JDBC_URL} (with {@code TALLY_TEST_JDBC_USER}, default {@code postgres},
 * and {@code TALLY_TEST_JDBC_PASSWORD}, default empty) and {@code TALLY_TEST_KAFKA_BOOTSTRAP};</li>
 * <li>when Docker is available, Testcontainers ({@code postgres:16-alpine}, {@code apache/kafka:4.1.1});</li>
 * <li>otherwise the local PostgreSQL service on {@code localhost:5432} (user {@code postgres}, trust
 * authentication) and a single-node KRaft broker inside this JVM.</li>
 * </ol>
 *
 * <p>Whatever the source, tests get a database of their own: a fresh one is created on the resolved server and
 * dropped when the JVM exits, as are the containers and broker started here. Kafka topics are not created
 * automatically on any broker started here; tests create theirs with {@link KafkaTopics}.
 */
public final class TallyServices {

    private static final String LOCAL_JDBC_URL = "jdbc:postgresql://localhost:5432/postgres";

    private static final String POSTGRES_IMAGE = "postgres:16-alpine";

    private static final String KAFKA_IMAGE = "apache/kafka:4.1.1";

    private static final String HOW_TO_PROVIDE_POSTGRES = "Provide one in any of these ways: "
            + "set TALLY_TEST_JDBC_URL (and TALLY_TEST_JDBC_USER, TALLY_TEST_JDBC_PASSWORD) to a server on which "
            + "that user may CREATE DATABASE; start Docker so that Testcontainers can run " + POSTGRES_IMAGE
            + "; or start the local service (port 5432, user postgres, trust authentication) with "
            + "`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`.";

    // PostgreSQL limits identifiers to 63 bytes; the name is the prefix plus "_yyyyMMddHHmmss_xxxxxx" (22).
    private static final Pattern DATABASE_PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,40}");

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private static TallyServices instance;

    private static IllegalStateException failure;

    private final Cleanups cleanups;

    private final Server server;

    private final String jdbcUrl;

    private final String kafkaBootstrap;

    private final String kafkaSource;

    private final PGSimpleDataSource dataSource;

    private TallyServices(Cleanups cleanups) {
        this.cleanups = cleanups;
        DockerCheck docker = new DockerCheck();
        this.server = resolvePostgres(docker, cleanups);
        this.jdbcUrl = createDatabase("tally_test");
        String bootstrap = env("TALLY_TEST_KAFKA_BOOTSTRAP");
        if (bootstrap != null) {
            checkReachable(bootstrap);
            this.kafkaBootstrap = bootstrap;
            this.kafkaSource = "TALLY_TEST_KAFKA_BOOTSTRAP";
        }
        else if (docker.available()) {
            this.kafkaBootstrap = startKafkaContainer(cleanups);
            this.kafkaSource = "Testcontainers " + KAFKA_IMAGE;
        }
        else {
            this.kafkaBootstrap = startEmbeddedKafka(cleanups);
            this.kafkaSource = "in-JVM KRaft broker";
        }
        this.dataSource = new PGSimpleDataSource();
        this.dataSource.setURL(this.jdbcUrl);
        this.dataSource.setUser(this.server.user());
        this.dataSource.setPassword(this.server.password());
    }

    /**
     * Returns this JVM's services, resolving them on the first call; later calls, from any thread, return the same
     * instance. Never returns a partial result: if resolution fails, this and every later call throw.
     * @return the shared services
     * @throws IllegalStateException if no PostgreSQL or no Kafka broker can be reached; the message says how to
     * provide one
     */
    public static synchronized TallyServices get() {
        if (instance != null) {
            return instance;
        }
        // Remembering the failure keeps later test classes from waiting for the same slow failure again.
        if (failure != null) {
            throw new IllegalStateException(failure.getMessage(), failure);
        }
        try {
            instance = new TallyServices(Cleanups.install());
        }
        catch (RuntimeException ex) {
            failure = (ex instanceof IllegalStateException ise) ? ise
                    : new IllegalStateException("Could not provide test services: " + ex.getMessage(), ex);
            throw failure;
        }
        System.err.println("[tally-testkit] " + instance.describe());
        return instance;
    }

    /**
     * Returns the JDBC URL of this JVM's fresh database, which exists until the JVM exits.
     * @return the JDBC URL
     */
    public String jdbcUrl() {
        return this.jdbcUrl;
    }

    /**
     * Returns the user that owns this JVM's fresh database and may create further ones.
     * @return the database user
     */
    public String jdbcUser() {
        return this.server.user();
    }

    /**
     * Returns the password of {@link #jdbcUser()}, empty when the server needs none.
     * @return the password, never {@code null}
     */
    public String jdbcPassword() {
        return this.server.password();
    }

    /**
     * Returns the bootstrap servers of the Kafka broker, in the form {@code host:port[,host:port...]}.
     * @return the bootstrap servers
     */
    public String kafkaBootstrap() {
        return this.kafkaBootstrap;
    }

    /**
     * Returns one line that says where PostgreSQL and Kafka come from and where they are, for test logs.
     * @return the description
     */
    public String describe() {
        return "PostgreSQL: " + this.server.source() + " (" + this.server.maintenanceUrl() + "), database "
                + this.jdbcUrl + " as " + this.server.user() + "; Kafka: " + this.kafkaSource + " at "
                + this.kafkaBootstrap;
    }

    /**
     * Creates another empty database on the same server, named {@code <prefix>_<yyyyMMddHHmmss>_<6 random lower-case
     * letters or digits>}, and returns its JDBC URL. The database is dropped when the JVM exits. Safe to call from
     * any thread.
     * @param prefix lower-case letters, digits and underscores, starting with a letter, at most 41 characters
     * @return the JDBC URL of the new database, for {@link #jdbcUser()} and {@link #jdbcPassword()}
     * @throws IllegalArgumentException if the prefix is not of that form
     * @throws IllegalStateException if the database cannot be created
     */
    public String createDatabase(String prefix) {
        if (prefix == null || !DATABASE_PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("Database prefix must match " + DATABASE_PREFIX + ": " + prefix);
        }
        String name = prefix + "_" + LocalDateTime.now().format(TIMESTAMP) + "_" + KafkaTopics.randomSuffix(6);
        Server target = this.server;
        target.execute("CREATE DATABASE \"" + name + "\"");
        // FORCE ends connections that pools of finished tests still hold, which would otherwise block the drop.
        this.cleanups.add("drop database " + name,
                () -> target.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)"));
        return withDatabase(target.maintenanceUrl(), name);
    }

    /**
     * Returns a data source for this JVM's fresh database. It opens a new connection on every request and pools
     * nothing, so callers close what they open.
     * @return the data source, the same instance on every call
     */
    public DataSource dataSource() {
        return this.dataSource;
    }

    private static Server resolvePostgres(DockerCheck docker, Cleanups cleanups) {
        String url = env("TALLY_TEST_JDBC_URL");
        if (url != null) {
            String user = (env("TALLY_TEST_JDBC_USER") != null) ? env("TALLY_TEST_JDBC_USER") : "postgres";
            String password = (System.getenv("TALLY_TEST_JDBC_PASSWORD") != null)
                    ? System.getenv("TALLY_TEST_JDBC_PASSWORD") : "";
            return checkReachable(new Server(url, user, password, "TALLY_TEST_JDBC_URL"));
        }
        if (docker.available()) {
            PostgreSQLContainer container = new PostgreSQLContainer(POSTGRES_IMAGE);
            try {
                container.start();
            }
            catch (RuntimeException ex) {
                throw new IllegalStateException("Docker is available but the " + POSTGRES_IMAGE
                        + " container did not start. " + HOW_TO_PROVIDE_POSTGRES, ex);
            }
            cleanups.add("stop " + POSTGRES_IMAGE + " container", container::stop);
            return checkReachable(new Server(container.getJdbcUrl(), container.getUsername(),
                    container.getPassword(), "Testcontainers " + POSTGRES_IMAGE));
        }
        return checkReachable(new Server(LOCAL_JDBC_URL, "postgres", "", "local service, Docker not available"));
    }

    private static Server checkReachable(Server server) {
        try (Connection connection = server.connect()) {
            return server;
        }
        catch (SQLException ex) {
            throw new IllegalStateException("No PostgreSQL reachable for tests at " + server.maintenanceUrl()
                    + " as " + server.user() + " (" + server.source() + "): " + withoutFinalPeriod(ex.getMessage()) + ". "
                    + HOW_TO_PROVIDE_POSTGRES, ex);
        }
    }

    private static void checkReachable(String bootstrap) {
        // Failing here, with the variable's name, is clearer than every producer timing out later.
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        try (Admin admin = Admin.create(config)) {
            admin.describeCluster().clusterId().get(15, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while checking the Kafka broker at " + bootstrap, ex);
        }
        catch (Exception ex) {
            throw new IllegalStateException("No Kafka broker reachable at TALLY_TEST_KAFKA_BOOTSTRAP=" + bootstrap
                    + "; start it or unset the variable to use Docker or an in-JVM broker", ex);
        }
    }

    private static String startKafkaContainer(Cleanups cleanups) {
        // The container already sets replication factor 1 for internal topics; turning off automatic topic
        // creation makes it behave like the in-JVM broker, so a test that forgets to create a topic fails
        // everywhere, not only without Docker.
        KafkaContainer container = new KafkaContainer(KAFKA_IMAGE)
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
        container.start();
        cleanups.add("stop " + KAFKA_IMAGE + " container", container::stop);
        return container.getBootstrapServers();
    }

    private static String startEmbeddedKafka(Cleanups cleanups) {
        EmbeddedKafkaKraftBroker broker = startEmbeddedBroker();
        cleanups.add("destroy in-JVM Kafka broker", broker::destroy);
        return broker.getBrokersAsString();
    }

    /**
     * Starts a single-node KRaft broker inside this JVM, on a free localhost port, configured so that Kafka
     * transactions work on one node. The caller destroys it.
     */
    public static EmbeddedKafkaKraftBroker startEmbeddedBroker() {
        return startEmbeddedBroker(Map.of());
    }

    /** {@link #startEmbeddedBroker()} with more broker settings, which win over the ones it makes. */
    public static EmbeddedKafkaKraftBroker startEmbeddedBroker(Map<String, String> settings) {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 12);
        // With one broker the defaults of 3 leave the transaction log without replicas, and initTransactions()
        // then waits 60 s for a producer id; the other settings make groups start at once and topics explicit.
        broker.brokerProperty("transaction.state.log.replication.factor", "1");
        broker.brokerProperty("transaction.state.log.min.isr", "1");
        broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
        broker.brokerProperty("auto.create.topics.enable", "false");
        broker.brokerProperty("offsets.topic.replication.factor", "1");
        settings.forEach(broker::brokerProperty);
        broker.afterPropertiesSet();
        return broker;
    }

    private static String withoutFinalPeriod(String message) {
        return (message != null && message.endsWith(".")) ? message.substring(0, message.length() - 1) : message;
    }

    private static String env(String name) {
        String value = System.getenv(name);
        return (value == null || value.isBlank()) ? null : value.trim();
    }

    /**
     * Returns the given PostgreSQL JDBC URL with its database replaced, keeping host, port and parameters.
     */
    static String withDatabase(String url, String database) {
        String prefix = "jdbc:postgresql:";
        if (!url.startsWith(prefix)) {
            throw new IllegalStateException("Not a PostgreSQL JDBC URL: " + url);
        }
        String rest = url.substring(prefix.length());
        int query = rest.indexOf('?');
        String parameters = (query >= 0) ? rest.substring(query) : "";
        String location = (query >= 0) ? rest.substring(0, query) : rest;
        if (!location.startsWith("//")) {
            // The short form jdbc:postgresql:database names only the database.
            return prefix + database + parameters;
        }
        int slash = location.indexOf('/', 2);
        String hosts = (slash >= 0) ? location.substring(0, slash) : location;
        return prefix + hosts + "/" + database + parameters;
    }

    /**
     * A PostgreSQL server as reached through a database that always exists on it.
     */
    private record Server(String maintenanceUrl, String user, String password, String source) {

        Connection connect() throws SQLException {
            Properties properties = new Properties();
            properties.setProperty("user", this.user);
            properties.setProperty("password", this.password);
            // A server that is down should fail the run within seconds, not after the driver's default wait.
            properties.setProperty("connectTimeout", "10");
            properties.setProperty("ApplicationName", "tally-testkit");
            return DriverManager.getConnection(this.maintenanceUrl, properties);
        }

        void execute(String sql) {
            try (Connection connection = connect(); Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
            catch (SQLException ex) {
                throw new IllegalStateException("Could not run `" + sql + "` on " + this.maintenanceUrl, ex);
            }
        }

    }

    /**
     * Asks Docker at most once, and only if a service actually needs it, because the first answer costs time.
     */
    private static final class DockerCheck {

        private Boolean available;

        boolean available() {
            if (this.available == null) {
                this.available = ask();
            }
            return this.available;
        }

        private static boolean ask() {
            try {
                return DockerClientFactory.instance().isDockerAvailable();
            }
            catch (Exception | LinkageError ex) {
                // A broken Docker setup is treated like no Docker, so the local fallback still runs the tests.
                return false;
            }
        }

    }

    /**
     * Everything to undo at JVM exit, undone by one shutdown hook in reverse order of creation, so that databases
     * are dropped before the server that holds them stops.
     */
    private static final class Cleanups {

        private final Deque<Runnable> actions = new ArrayDeque<>();

        static Cleanups install() {
            Cleanups cleanups = new Cleanups();
            Runtime.getRuntime().addShutdownHook(new Thread(cleanups::runAll, "tally-testkit-cleanup"));
            return cleanups;
        }

        synchronized void add(String description, Runnable action) {
            this.actions.push(() -> {
                try {
                    action.run();
                }
                catch (RuntimeException ex) {
                    // One failed step must not leave the remaining containers or databases behind.
                    System.err.println("[tally-testkit] Could not " + description + ": " + ex);
                }
            });
        }

        synchronized void runAll() {
            while (!this.actions.isEmpty()) {
                this.actions.pop().run();
            }
        }

    }

}
