package dev.tally.bench;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.tally.demo.LocalDatabase;
import dev.tally.producer.cli.TallyCli;

/**
 * {@code tally verify --report} for a part of the benchmark: every command of a {@code tally load} report against
 * the database and the results topic. It prints verify's whole output when an invariant is violated, and its last line
 * otherwise.
 */
public final class VerifyReport {

    private VerifyReport() {
    }

    /**
     * @param resultsTopic the results topic, or {@code null} for verify's default
     * @return {@code OK} or {@code VIOLATED}
     */
    public static String run(PrintWriter out, String bootstrap, String resultsTopic, LocalDatabase database, Path report) {
        List<String> args = new ArrayList<>(List.of("verify", "--bootstrap", bootstrap));
        if (resultsTopic != null) {
            args.addAll(List.of("--results-topic", resultsTopic));
        }
        args.addAll(List.of("--db-url", database.url(), "--db-user", database.user(), "--db-password",
                database.password(), "--report", report.toString()));
        StringWriter output = new StringWriter();
        int verdict = TallyCli.execute(new PrintWriter(output, true), new PrintWriter(System.err, true),
                args.toArray(String[]::new));
        if (verdict != 0) {
            out.print(output);
        } else {
            List<String> lines = output.toString().lines().toList();
            out.println("    tally verify --report " + report + ": "
                    + (lines.isEmpty() ? "" : lines.get(lines.size() - 1)));
        }
        return verdict == 0 ? "OK" : "VIOLATED";
    }
}
