package dev.tally.bench.ceiling;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.tally.bench.Figures;
import dev.tally.bench.Testbed;
import dev.tally.demo.LocalDatabase;

/**
 * What this machine can do at most, measured first: the Kafka echo and the SQL batch, together on the machine, as
 * the worker would run them; then the echo alone with small transactions, to price the commit markers.
 */
public final class CeilingsScenario {

    private CeilingsScenario() {
    }

    /** @param copy a copy of the empty schema, whose accounts stay out of the books that {@code tally verify} checks */
    public static void run(Testbed bed, Figures figures, LocalDatabase copy) throws Exception {
        double scale = bed.scale();
        String bootstrap = bed.bootstrap();
        int backlog = (int) (150_000 * scale);
        bed.step("Ceilings: Kafka echo of a " + backlog + "-command backlog (2 threads, the worker's settings, a "
                + "read_committed reader) and the worker's batch as set-based SQL (1 client), at the same time");
        EchoCeiling echo = new EchoCeiling(bootstrap, "bench.echo", EchoCeiling.RESULT_PARTITIONS, 500);
        echo.preload(backlog, Testbed.ACCOUNTS);
        SqlCeiling sql = new SqlCeiling(copy, Testbed.ACCOUNTS);
        sql.prepare();
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<SqlCeiling.Outcome> database = CompletableFuture.supplyAsync(() -> {
            try {
                return sql.run(1, stop);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        EchoCeiling.Outcome kafka;
        try {
            kafka = echo.run(backlog, Duration.ofSeconds(Math.max(10, (long) (40 * scale))));
        } finally {
            stop.set(true);
        }
        SqlCeiling.Outcome db = database.get();
        double combined = Math.min(kafka.perSecond(), db.perSecond());
        figures.combinedCeiling(combined);
        figures.sqlBatchMs(db.perSecond() > 0 ? SqlCeiling.BATCH * 1_000.0 / db.perSecond() : null);
        Map<String, String> notes = figures.ceilingNotes();
        notes.put("Kafka echo in transactions, no database (2 threads, the worker's Kafka settings, "
                        + "read_committed reader)",
                String.format(Locale.ROOT, "%,.0f/s (%,d records in %.1f s, %,d transactions, %.0f records each)",
                        kafka.perSecond(), kafka.records(), kafka.seconds(), kafka.transactions(),
                        kafka.transactions() == 0 ? 0.0 : (double) kafka.records() / kafka.transactions()));
        notes.put("the worker's batch as set-based SQL, " + SqlCeiling.BATCH + " per transaction, 1 client",
                String.format(Locale.ROOT, "%,.0f/s (%,d transfers in %.1f s)", db.perSecond(), db.transfers(),
                        db.seconds()));
        notes.put("**combined ceiling** (both at once; a transfer needs both, so the smaller)",
                String.format(Locale.ROOT, "**%,.0f/s**", combined));
        // The same echo alone with small transactions (polls of 50, as at moderate load), twice, to price the
        // commit markers: results keyed by command id over 12 partitions (the worker's results topic before
        // tally.worker.topics.result-partitions: a transaction touches most of them, up to 13 markers with the
        // offsets') and over the one partition the worker now creates (2 markers).
        int smaller = (int) (60_000 * scale);
        for (int partitions : new int[] {12, EchoCeiling.RESULT_PARTITIONS}) {
            EchoCeiling alone = new EchoCeiling(bootstrap, "bench.echo" + partitions, partitions, 50);
            alone.preload(smaller, Testbed.ACCOUNTS);
            EchoCeiling.Outcome outcome = alone.run(smaller, Duration.ofSeconds(Math.max(10, (long) (30 * scale))));
            figures.markerPrices()[partitions == 12 ? 0 : 1] = outcome.perSecond();
            notes.put("Kafka echo alone, polls of at most 50, results keyed by command id over " + partitions
                            + (partitions == 1 ? " partition (2 commit markers a transaction)"
                            : " partitions (up to " + (partitions + 1) + " commit markers a transaction)"),
                    String.format(Locale.ROOT, "%,.0f/s (%,d transactions, %.0f records each)", outcome.perSecond(),
                            outcome.transactions(), outcome.transactions() == 0 ? 0.0
                                    : (double) outcome.records() / outcome.transactions()));
        }
        notes.forEach((what, figure) -> bed.out().println("    " + what + ": " + figure));
    }
}
