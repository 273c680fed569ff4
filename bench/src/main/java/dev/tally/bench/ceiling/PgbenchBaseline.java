package dev.tally.bench.ceiling;

import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tally.bench.Figures;
import dev.tally.bench.Testbed;
import dev.tally.demo.LocalDatabase;

/**
 * The pgbench baseline: the worker's statements for one transfer in one transaction ({@code pgbench/*.sql} among
 * this module's resources), 8 clients, on accounts of its own; uniform and on one hot account.
 */
public final class PgbenchBaseline {

    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

    private PgbenchBaseline() {
    }

    /** @param copy a copy of the empty schema, whose accounts stay out of the books that {@code tally verify} checks */
    public static void run(Testbed bed, Figures figures, LocalDatabase copy) throws Exception {
        pgbench(bed, figures, copy, "uniform", "transfer.sql");
        pgbench(bed, figures, copy, "hot", "transfer-hot.sql");
    }

    private static void pgbench(Testbed bed, Figures figures, LocalDatabase database, String name, String script)
            throws Exception {
        if (!onPath("pgbench")) {
            bed.step("pgbench is not installed: no baseline for " + name + " (ratios are left out)");
            return;
        }
        try (Connection connection = DriverManager.getConnection(database.url(), database.user(),
                database.password()); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO accounts (id, currency, balance, overdraft_limit) "
                    + "SELECT 'pgb-' || lpad(n::text, 5, '0'), 'EUR', 1000000000, 0 FROM generate_series(1, "
                    + Testbed.ACCOUNTS + ") AS n UNION ALL SELECT 'pgb-hot', 'EUR', 0, 0 ON CONFLICT DO NOTHING");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the pgbench accounts: " + e.getMessage(), e);
        }
        Path file = Files.createTempFile("tally-pgbench-", ".sql");
        try (InputStream in = PgbenchBaseline.class.getResourceAsStream("/pgbench/" + script)) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        String databaseName = database.url().replaceAll("^.*/([^/?]+).*$", "$1");
        int seconds = Math.max(5, (int) (10 * bed.scale()));
        bed.step("pgbench baseline, " + name + ": one transfer per transaction, 8 clients, " + seconds + " s");
        Process process = new ProcessBuilder("pgbench", "-n", "-h", "localhost", "-U", database.user(),
                "-c", "8", "-j", "2", "-T", Integer.toString(seconds), "-D", "accounts=" + Testbed.ACCOUNTS,
                "-f", file.toString(), databaseName).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        Files.deleteIfExists(file);
        Matcher tps = TPS.matcher(output);
        if (process.exitValue() != 0 || !tps.find()) {
            throw new IllegalStateException("pgbench failed:\n" + output);
        }
        double perSecond = Double.parseDouble(tps.group(1));
        figures.baselines().put(name, perSecond);
        bed.out().printf(Locale.ROOT, "    %.0f transfers/s%n", perSecond);
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
