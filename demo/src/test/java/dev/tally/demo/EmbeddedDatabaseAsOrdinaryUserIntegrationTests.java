package dev.tally.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded path as a laptop user meets it: the built demo jar, run by an ordinary (non-root) user, with nothing
 * on the port it looks at and Docker not tried, starts zonky's embedded PostgreSQL, serves a working database, and
 * removes its temporary directory when told to stop. When the tests run as root, the jar runs as the {@code postgres}
 * user (or {@code nobody}) through {@code runuser}; as root the demo takes another path, covered by
 * {@link DemoIntegrationTests}.
 */
class EmbeddedDatabaseAsOrdinaryUserIntegrationTests {

    private static final Pattern URL = Pattern.compile("^(jdbc:postgresql://\\S+) user=(\\S+)$");

    @Test
    void startsAnEmbeddedPostgresForAnOrdinaryUserAndRemovesItAtTheEnd() throws Exception {
        Path jar = readableCopyOfTheDemoJar();
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("runuser", "-u", ordinaryUser(), "--"));
        }
        command.addAll(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m", "-jar",
                jar.toString(), "database"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(jar.getParent().toFile())
                .redirectErrorStream(true);
        builder.environment().remove("TALLY_DB_URL");
        builder.environment().put("TALLY_DEMO_PG_PORT", String.valueOf(freePort()));
        builder.environment().put("TALLY_DEMO_DOCKER", "false");
        Process demo = builder.start();
        StringBuilder output = new StringBuilder();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(demo.getInputStream(),
                    StandardCharsets.UTF_8));
            Matcher url = CompletableFuture.supplyAsync(() -> awaitUrl(lines, output)).get(180, TimeUnit.SECONDS);
            assertThat(url).as("the JDBC URL line; output:%n%s", output).isNotNull();
            assertThat(output).contains("==> Database server: an embedded PostgreSQL in ");
            Matcher directory = Pattern.compile("an embedded PostgreSQL in (\\S+)").matcher(output);
            assertThat(directory.find()).isTrue();
            assertThat(Path.of(directory.group(1))).exists();

            try (Connection connection = DriverManager.getConnection(url.group(1), url.group(2), "");
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE accounts (id text PRIMARY KEY, balance bigint NOT NULL)");
                statement.execute("INSERT INTO accounts VALUES ('alice', 1250)");
                ResultSet row = statement.executeQuery("SELECT balance, current_user FROM accounts");
                assertThat(row.next()).isTrue();
                assertThat(row.getLong(1)).isEqualTo(1250);
                assertThat(row.getString(2)).isEqualTo("postgres");
            }

            try (OutputStream stdin = demo.getOutputStream()) {
                stdin.write('\n');
            }
            assertThat(demo.waitFor(120, TimeUnit.SECONDS)).as("the demo stops after Enter").isTrue();
            CompletableFuture.runAsync(() -> lines.lines().forEach(line -> output.append(line).append('\n')))
                    .get(30, TimeUnit.SECONDS);
            assertThat(demo.exitValue()).as("exit code; output:%n%s", output).isZero();
            assertThat(Path.of(directory.group(1))).as("the embedded server's directory, removed at the end")
                    .doesNotExist();
        } finally {
            demo.destroyForcibly();
        }
    }

    private static Matcher awaitUrl(BufferedReader lines, StringBuilder output) {
        try {
            String line;
            while ((line = lines.readLine()) != null) {
                output.append(line).append('\n');
                Matcher url = URL.matcher(line);
                if (url.matches()) {
                    return url;
                }
            }
            return null;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The demo jar in a directory every user may read: the checkout itself may sit in root's home. */
    private static Path readableCopyOfTheDemoJar() throws IOException {
        Path built = Path.of(System.getProperty("tally.demo.jar", "target/tally-demo.jar"));
        assertThat(built).as("the demo jar, built by the package phase").isRegularFile();
        Path directory = Files.createTempDirectory("tally-demo-jar-");
        directory.toFile().deleteOnExit();
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path copy = Files.copy(built, directory.resolve("tally-demo.jar"));
        copy.toFile().deleteOnExit();
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
        return copy;
    }

    /** {@code postgres} where that user exists (PostgreSQL is installed), else {@code nobody}. */
    private static String ordinaryUser() {
        try {
            FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            return "postgres";
        } catch (IOException e) {
            return "nobody";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
