package dev.tally.demo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A database for one run: either the one the user named ({@code TALLY_DB_URL}), used as it is, or a fresh one
 * created on a server (the PostgreSQL at {@code localhost:5432} unless another {@link DatabaseServer} is given) and
 * dropped afterwards.
 */
public final class LocalDatabase implements AutoCloseable {

    public static final String SERVER = "jdbc:postgresql://localhost:5432/postgres";

    static final DatabaseServer LOCAL = new DatabaseServer("localhost", 5432, "postgres", "",
            "the PostgreSQL on localhost:5432", null);

    static final String HOW_TO_PROVIDE = "Tally needs a PostgreSQL (14 or newer). Start one on localhost:5432 with "
            + "user postgres and trust authentication (on Debian: `pg_ctlcluster --skip-systemctl-redirect "
            + "$(ls /etc/postgresql) main start`; with Docker: `docker run -d -p 5432:5432 "
            + "-e POSTGRES_HOST_AUTH_METHOD=trust postgres:16`), or set TALLY_DB_URL (and TALLY_DB_USER, "
            + "TALLY_DB_PASSWORD) to an existing database.";

    private final String url;
    private final String user;
    private final String password;
    private final String created;
    private final DatabaseServer server;

    private LocalDatabase(String url, String user, String password, String created, DatabaseServer server) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.created = created;
        this.server = server;
    }

    /** The database named by the environment. */
    static LocalDatabase existing(String url, String user, String password) {
        return new LocalDatabase(url, user, password, null, null);
    }

    /**
     * Creates {@code <prefix>_<timestamp>} on the local server.
     *
     * @throws IllegalStateException with {@link #HOW_TO_PROVIDE} when no server answers
     */
    public static LocalDatabase fresh(String prefix) {
        return fresh(LOCAL, prefix);
    }

    /**
     * Creates {@code <prefix>_<timestamp>} on {@code server}, dropped by {@link #close()} (the server stays).
     *
     * @throws IllegalStateException with {@link #HOW_TO_PROVIDE} when the server does not answer
     */
    static LocalDatabase fresh(DatabaseServer server, String prefix) {
        String name = prefix + "_" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"));
        try (Connection connection = DriverManager.getConnection(server.adminUrl(), server.user(), server.password());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a database on " + server.description() + " ("
                    + e.getMessage() + "). " + HOW_TO_PROVIDE, e);
        }
        return new LocalDatabase(server.url(name), server.user(), server.password(), name, server);
    }

    /**
     * Creates {@code <prefix>_<timestamp>} as a copy of {@code template} (which must have no open connections),
     * dropped afterwards like a fresh one.
     */
    public static LocalDatabase copyOf(LocalDatabase template, String prefix) {
        String name = prefix + "_" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"));
        String templateName = template.url.replaceAll("^.*/([^/?]+).*$", "$1");
        DatabaseServer server = template.server != null ? template.server : LOCAL;
        try (Connection connection = DriverManager.getConnection(server.adminUrl(), server.user(), server.password());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name + " TEMPLATE " + templateName);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot copy database " + templateName + ": " + e.getMessage(), e);
        }
        return new LocalDatabase(server.url(name), server.user(), server.password(), name, server);
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    @Override
    public void close() {
        if (created == null) {
            return;
        }
        try (Connection connection = DriverManager.getConnection(server.adminUrl(), server.user(), server.password());
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + created + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("could not drop database " + created + ": " + e.getMessage());
        }
    }
}
