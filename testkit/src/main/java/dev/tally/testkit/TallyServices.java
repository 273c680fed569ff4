package dev.tally.testkit;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

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

    // PostgreSQL limits identifiers to 63 bytes; the name is the prefix plus "_yyyyMMddHHmmss_xxxxxx" (22).
    private static final Pattern DATABASE_PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,40}");

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private static TallyServices instance;

    private static IllegalStateException failure;

    private final Cleanups cleanups;

    private final PostgresServer server;

    private final String jdbcUrl;

    private final String kafkaBootstrap;

    private final String kafkaSource;

    private final PGSimpleDataSource dataSource;

    private TallyServices(Cleanups cleanups) {
        this.cleanups = cleanups;
        DockerCheck docker = new DockerCheck();
        this.server = PostgresServer.resolve(docker, cleanups);
        this.jdbcUrl = createDatabase("tally_test");
        String bootstrap = env("TALLY_TEST_KAFKA_BOOTSTRAP");
        if (bootstrap != null) {
            TestBrokers.checkReachable(bootstrap);
            this.kafkaBootstrap = bootstrap;
            this.kafkaSource = "TALLY_TEST_KAFKA_BOOTSTRAP";
        }
        else if (docker.available()) {
            this.kafkaBootstrap = TestBrokers.startContainer(cleanups);
            this.kafkaSource = "Testcontainers " + TestBrokers.KAFKA_IMAGE;
        }
        else {
            this.kafkaBootstrap = TestBrokers.startEmbedded(cleanups);
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
        PostgresServer target = this.server;
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

    /**
     * Starts a single-node KRaft broker inside this JVM, on a free localhost port, configured so that Kafka
     * transactions work on one node. The caller destroys it.
     */
    public static EmbeddedKafkaKraftBroker startEmbeddedBroker() {
        return TestBrokers.startEmbeddedBroker(Map.of());
    }

    /** {@link #startEmbeddedBroker()} with more broker settings, which win over the ones it makes. */
    public static EmbeddedKafkaKraftBroker startEmbeddedBroker(Map<String, String> settings) {
        return TestBrokers.startEmbeddedBroker(settings);
    }

    static String env(String name) {
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
}
