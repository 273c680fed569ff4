package dev.tally.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server that one test owns: created with {@code initdb} in a temporary directory, on a port of its own,
 * so that the test can stop it (as abruptly as a crash) and start it again without disturbing the shared server of
 * {@link TallyServices}. Trust authentication, user {@code postgres}, database {@code postgres}.
 *
 * <p>PostgreSQL refuses to run as root; when this JVM runs as root (CI does), every command runs through
 * {@code runuser} as the {@code postgres} operating-system user, or as {@code nobody} where no {@code postgres} user
 * exists. Binaries are those given to {@link #start(Path)}, else taken from {@code TALLY_TEST_PG_BIN} when set, else
 * from the newest {@code /usr/lib/postgresql/<version>/bin}, else from {@code PATH}.
 *
 * <p>Not thread-safe. {@link #close()} stops the server and deletes its directory; a shutdown hook does the same if
 * a test forgets.
 */
public final class OwnedPostgres implements AutoCloseable {

    private static final String USER = "postgres";

    /** Operating-system users that may own the server when this JVM runs as root, in order of preference. */
    private static final List<String> UNPRIVILEGED_USERS = List.of("postgres", "nobody");

    private static final long COMMAND_TIMEOUT_SECONDS = 60;

    private final Path directory;

    private final Path dataDirectory;

    private final String binaries;

    /** The operating-system user every command runs as through {@code runuser}; {@code null}: this JVM's user. */
    private final String osUser;

    private final int port;

    private final Thread cleanup;

    private boolean running;

    private OwnedPostgres(Path directory, String binaries, String osUser, int port) {
        this.directory = directory;
        this.dataDirectory = directory.resolve("data");
        this.binaries = binaries;
        this.osUser = osUser;
        this.port = port;
        this.cleanup = new Thread(this::stopAndDelete, "tally-owned-postgres-cleanup");
    }

    /**
     * Creates a new cluster in a temporary directory and starts it on a free port, with the machine's binaries.
     * @return the running server
     * @throws IllegalStateException if PostgreSQL's binaries are missing or the server does not start; the message
     * includes the server's log
     */
    public static OwnedPostgres start() {
        return start(findBinaries());
    }

    /**
     * Creates a new cluster in a temporary directory and starts it on a free port, with the binaries in
     * {@code binaries} (a directory holding {@code initdb}, {@code pg_ctl} and {@code postgres}). As root, that
     * directory and its parents must be readable by the unprivileged user the server runs as.
     * @param binaries the directory of PostgreSQL's programs
     * @return the running server
     * @throws IllegalStateException if the binaries are missing, the server does not start (the message includes the
     * server's log), or this JVM runs as root and no unprivileged user exists to run the server as
     */
    public static OwnedPostgres start(Path binaries) {
        return start(binaries.toString());
    }

    private static OwnedPostgres start(String binaries) {
        String osUser = "root".equals(System.getProperty("user.name")) ? unprivilegedUser() : null;
        Path directory;
        try {
            directory = Files.createTempDirectory("tally-owned-postgres-");
            if (osUser != null) {
                UserPrincipal owner = directory.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName(osUser);
                Files.setOwner(directory, owner);
            }
        }
        catch (IOException ex) {
            throw new IllegalStateException("Could not prepare a directory for a test-owned PostgreSQL", ex);
        }
        OwnedPostgres server = new OwnedPostgres(directory, binaries, osUser, freePort());
        Runtime.getRuntime().addShutdownHook(server.cleanup);
        try {
            server.run("initdb", "-D", server.dataDirectory.toString(), "-U", USER, "-A", "trust", "-E", "UTF8",
                    "--no-sync");
            server.startAgain();
        }
        catch (RuntimeException ex) {
            server.close();
            throw ex;
        }
        return server;
    }

    /**
     * Returns the directory holding the server's data, log and socket, deleted by {@link #close()}.
     * @return the directory
     */
    public Path directory() {
        return this.directory;
    }

    /**
     * Returns the JDBC URL of the server's {@code postgres} database.
     * @return the JDBC URL
     */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + this.port + "/postgres";
    }

    /**
     * Returns the user to connect as, with an empty password.
     * @return {@code postgres}
     */
    public String user() {
        return USER;
    }

    /**
     * Returns the TCP port the server listens on, the same across restarts.
     * @return the port
     */
    public int port() {
        return this.port;
    }

    /**
     * Stops the server at once, as a crash would ({@code pg_ctl stop -m immediate}): open connections break and new
     * ones are refused. Does nothing when it is stopped already.
     */
    public void stop() {
        if (this.running) {
            run("pg_ctl", "-D", this.dataDirectory.toString(), "-m", "immediate", "-w", "stop");
            this.running = false;
        }
    }

    /**
     * Starts the server again on the same port and waits until it accepts connections. Does nothing when it runs.
     */
    public void startAgain() {
        if (!this.running) {
            run("pg_ctl", "-D", this.dataDirectory.toString(), "-l", this.directory.resolve("log").toString(),
                    "-o", "-p " + this.port + " -k " + this.directory + " -c listen_addresses=127.0.0.1"
                            + " -c fsync=off",
                    "-w", "-t", "60", "start");
            this.running = true;
        }
    }

    /**
     * Stops the server and deletes its directory.
     */
    @Override
    public void close() {
        stopAndDelete();
        try {
            Runtime.getRuntime().removeShutdownHook(this.cleanup);
        }
        catch (IllegalStateException ex) {
            // Already shutting down: the hook runs or ran, which does the same.
        }
    }

    private synchronized void stopAndDelete() {
        try {
            stop();
        }
        catch (RuntimeException ex) {
            System.err.println("[tally-testkit] Could not stop the test-owned PostgreSQL: " + ex.getMessage());
        }
        try (Stream<Path> paths = Files.walk(this.directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
        }
        catch (IOException | UncheckedIOException ex) {
            // Left in the temporary directory; nothing depends on it.
        }
    }

    private void run(String program, String... arguments) {
        List<String> command = new ArrayList<>();
        if (this.osUser != null) {
            command.addAll(List.of("runuser", "-u", this.osUser, "--"));
        }
        command.add(this.binaries.isEmpty() ? program : Paths.get(this.binaries, program).toString());
        command.addAll(List.of(arguments));
        Path output = this.directory.resolve(program + ".out");
        try {
            Process process = new ProcessBuilder(command).directory(this.directory.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within "
                        + COMMAND_TIMEOUT_SECONDS + " s" + logs(output));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue()
                        + logs(output));
            }
        }
        catch (IOException ex) {
            throw new IllegalStateException("Could not run " + String.join(" ", command) + "; is PostgreSQL "
                    + "installed? Set TALLY_TEST_PG_BIN to the directory holding initdb and pg_ctl", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + String.join(" ", command), ex);
        }
    }

    private String logs(Path output) {
        return ":\n" + read(output) + read(this.directory.resolve("log"));
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        }
        catch (IOException ex) {
            return "(could not read " + file + ": " + ex + ")";
        }
    }

    private static String unprivilegedUser() {
        for (String candidate : UNPRIVILEGED_USERS) {
            try {
                FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(candidate);
                return candidate;
            }
            catch (IOException ex) {
                // Not on this machine: try the next one.
            }
        }
        throw new IllegalStateException("PostgreSQL refuses to run as root and this machine has no unprivileged "
                + "user (" + String.join(" or ", UNPRIVILEGED_USERS) + ") to run it as: run as an ordinary user, "
                + "or create the user postgres (useradd postgres)");
    }

    private static String findBinaries() {
        String configured = System.getenv("TALLY_TEST_PG_BIN");
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        Path versions = Paths.get("/usr/lib/postgresql");
        if (Files.isDirectory(versions)) {
            try (Stream<Path> children = Files.list(versions)) {
                // Newest first: version directories are numbers (14, 15, 16, ...).
                return children.filter((path) -> Files.isExecutable(path.resolve("bin/initdb")))
                        .max(Comparator.comparingInt(OwnedPostgres::majorVersion))
                        .map((path) -> path.resolve("bin").toString())
                        .orElse("");
            }
            catch (IOException ex) {
                return "";
            }
        }
        return "";
    }

    private static int majorVersion(Path directory) {
        try {
            return Integer.parseInt(directory.getFileName().toString().replaceAll("\\..*$", ""));
        }
        catch (NumberFormatException ex) {
            return -1;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new IllegalStateException("Could not find a free port for a test-owned PostgreSQL", ex);
        }
    }

}
