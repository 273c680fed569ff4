package dev.tally.bench.closedloop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.tally.bench.Figures;
import dev.tally.bench.LoadRun;
import dev.tally.bench.Testbed;
import dev.tally.testkit.WorkerProcess;

/**
 * Closed-loop throughput: {@code tally load} keeps 5,000 commands in flight against a fresh worker with the given
 * batch size and locking strategy. Its scenarios are the plain ones ({@link ClosedLoopScenario}), the hot account
 * and holds.
 *
 * @param name     the scenario, as the tables show it
 * @param load     the options of {@code tally load}
 * @param profiled whether the worker runs with Java Flight Recorder, for the profile at saturation
 */
public record ClosedLoop(String name, String batch, String locking, List<String> load, boolean profiled) {

    /** Transfers over 1,000 accounts, {@code hotShare} of them to one hot account; {@code more} options after. */
    public static List<String> transfers(int count, String hotShare, String... more) {
        List<String> args = new ArrayList<>(List.of("--concurrency", "5000", "--count", Integer.toString(count),
                "--hot-share", hotShare, "--duplicate-share", "0.01", "--reject-share", "0.01"));
        args.addAll(List.of(more));
        return List.copyOf(args);
    }

    /** The count of closed-loop commands of a scenario at this scale. */
    public static int count(double scale) {
        return (int) (30_000 * scale);
    }

    /** Runs the load against a worker of its own; returns 1 when it failed or was not verified, else 0. */
    int run(Testbed bed, Figures figures) throws Exception {
        Path recording = bed.logs().resolve("worker-saturation.jfr");
        List<String> jvm = profiled
                ? List.of("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + recording)
                : List.of();
        if (profiled) {
            Files.deleteIfExists(recording);
        }
        Instant loadStarted;
        boolean verified;
        try (WorkerProcess worker = bed.startWorker(bed.database(), batch, locking,
                "throughput-" + locking + "-" + batch, jvm, Map.of())) {
            loadStarted = Instant.now();
            verified = new LoadRun("throughput", name, null, 0, Testbed.ACCOUNTS, load).run(bed, worker, figures);
        }
        if (profiled && Files.isRegularFile(recording)) {
            Profile profile = Profile.of(recording, loadStarted, 15);
            figures.profile(profile);
            bed.step("JFR profile of the worker at saturation: " + recording + " (" + profile.samples()
                    + " samples)");
        }
        return verified ? 0 : 1;
    }

    /** Runs each in order; returns how many failed. */
    static int runAll(List<ClosedLoop> loops, Testbed bed, Figures figures) throws Exception {
        int failures = 0;
        for (ClosedLoop loop : loops) {
            failures += loop.run(bed, figures);
        }
        return failures;
    }
}
