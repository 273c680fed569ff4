package dev.tally.demo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A database for one run: either the one the user named ({@code TALLY_DB_URL}), used as it is, or a fresh one
 * created on the PostgreSQL at {@code localhost:5432} and dropped afterwards.
 */
final class LocalDatabase implements AutoCloseable {

    static final String SERVER = "jdbc:postgresql://localhost:5432/postgres";

    static final String HOW_TO_PROVIDE = "Tally needs a PostgreSQL (14 or newer). Start one on localhost:5432 with "
            + "user postgres and trust authentication (on Debian: `pg_ctlcluster --skip-systemctl-redirect "
            + "$(ls /etc/postgresql) main start`; with Docker: `docker run -d -p 5432:5432 "
            + "-e POSTGRES_HOST_AUTH_METHOD=trust postgres:16`), or set TALLY_DB_URL (and TALLY_DB_USER, "
            + "TALLY_DB_PASSWORD) to an existing database.";

    private final String url;
    private final String user;
    private final String password;
    private final String created;

    private LocalDatabase(String url, String user, String password, String created) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.created = created;
    }

    /** The database named by the environment. */
    static LocalDatabase existing(String url, String user, String password) {
        return new LocalDatabase(url, user, password, null);
    }

    /**
     * Creates {@code <prefix>_<timestamp>} on the local server.
     *
     * @throws IllegalStateException with {@link #HOW_TO_PROVIDE} when no server answers
     */
    static LocalDatabase fresh(String prefix) {
        String name = prefix + "_" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"));
        try (Connection connection = DriverManager.getConnection(SERVER, "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a database on localhost:5432 (" + e.getMessage() + "). "
                    + HOW_TO_PROVIDE, e);
        }
        return new LocalDatabase(SERVER.replace("/postgres", "/" + name), "postgres", "", name);
    }

    /**
     * Creates {@code <prefix>_<timestamp>} as a copy of {@code template} (which must have no open connections),
     * dropped afterwards like a fresh one.
     */
    static LocalDatabase copyOf(LocalDatabase template, String prefix) {
        String name = prefix + "_" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"));
        String templateName = template.url.replaceAll("^.*/([^/?]+).*$", "$1");
        try (Connection connection = DriverManager.getConnection(SERVER, "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name + " TEMPLATE " + templateName);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot copy database " + templateName + ": " + e.getMessage(), e);
        }
        return new LocalDatabase(SERVER.replace("/postgres", "/" + name), "postgres", "", name);
    }

    String url() {
        return url;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    @Override
    public void close() {
        if (created == null) {
            return;
        }
        try (Connection connection = DriverManager.getConnection(SERVER, "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + created + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("could not drop database " + created + ": " + e.getMessage());
        }
    }
}
