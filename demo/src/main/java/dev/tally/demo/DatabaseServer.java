package dev.tally.demo;

/**
 * A PostgreSQL server the demo creates its database on, and how it was found. Closing it stops what the demo started
 * for it (a container, an embedded server); a server that was running before is left alone.
 */
final class DatabaseServer implements AutoCloseable {

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final String description;
    private final AutoCloseable owned;

    DatabaseServer(String host, int port, String user, String password, String description, AutoCloseable owned) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.description = description;
        this.owned = owned;
    }

    /** The JDBC URL of {@code database} on this server. */
    String url(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** The JDBC URL of the server's maintenance database, {@code postgres}, from which databases are created. */
    String adminUrl() {
        return url("postgres");
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    /** Which server this is, in a few words, for the demo's output. */
    String description() {
        return description;
    }

    @Override
    public void close() throws Exception {
        if (owned != null) {
            owned.close();
        }
    }
}
