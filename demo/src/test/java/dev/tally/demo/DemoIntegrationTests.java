package dev.tally.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.tally.testkit.OwnedPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's run command, as a test: the demo finds a database the way a new user's machine offers one, starts a
 * broker and the real worker jar, runs a short load with races, duplicates and rejections after a warm-up that is not
 * counted, verifies every invariant and stops everything it started.
 */
class DemoIntegrationTests {

    /**
     * A machine with nothing but a JDK: nothing listens on the port the demo looks at and Docker is not tried, so the
     * demo must start an embedded PostgreSQL, pass, and remove its directory at the end.
     */
    @Test
    void fallsThroughToAnEmbeddedPostgresAndFindsEveryInvariantHolding() throws IOException {
        int silentPort = freePort();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Demo demo = new Demo(new PrintWriter(out, true), new PrintWriter(err, true),
                Map.of("TALLY_DEMO_PG_PORT", String.valueOf(silentPort), "TALLY_DEMO_DOCKER", "false"));

        int exitCode = demo.run(Duration.ofSeconds(3), Duration.ofSeconds(1));

        String output = out.toString();
        assertThat(exitCode).as("exit code; output:%n%s%nerrors:%n%s", output, err).isZero();
        assertThat(output).contains("==> No PostgreSQL on localhost:" + silentPort,
                "==> Starting an embedded PostgreSQL from Maven Central",
                "==> Database server: an embedded PostgreSQL in ",
                "==> Starting the worker", "Publishing load for 3 s after a 1 s warm-up that is not counted",
                "warmup_s", "warmup_latency_ms_p99", "==> Verifying every invariant", "OK");
        assertThat(output).doesNotContain("VIOLATED", "Testcontainers");
        Matcher directory = Pattern.compile("an embedded PostgreSQL in (\\S+)").matcher(output);
        assertThat(directory.find()).isTrue();
        assertThat(Path.of(directory.group(1))).as("the embedded server's directory, removed at the end")
                .doesNotExist();
    }

    /** A PostgreSQL answering on the port the demo looks at is used as it is, before Docker or an embedded one. */
    @Test
    void usesThePostgresAnsweringOnTheLocalPortFirst() throws Exception {
        try (OwnedPostgres local = OwnedPostgres.start()) {
            List<String> steps = new ArrayList<>();

            try (DatabaseServer server = DatabaseServers.find(new DatabaseServers.Settings(local.port(), true),
                    steps::add)) {
                assertThat(server.description()).isEqualTo("the PostgreSQL on localhost:" + local.port());
                assertThat(steps).isEmpty();
                try (LocalDatabase database = LocalDatabase.fresh(server, "tally_demo_test")) {
                    assertThat(database.url()).startsWith("jdbc:postgresql://localhost:" + local.port() + "/");
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
