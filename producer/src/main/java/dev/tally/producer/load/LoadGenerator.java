package dev.tally.producer.load;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.Command;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.OpenAccount;
import dev.tally.contracts.Result;
import dev.tally.contracts.Transfer;
import dev.tally.producer.client.Pending;
import dev.tally.producer.client.ResultTimeoutException;
import dev.tally.producer.client.TransferClient;

/**
 * Generates load through a {@link TransferClient}: opens the accounts, funds them from a funding account, then
 * publishes transfers (ordinary, to a hot account, resent duplicates, ones built to be rejected, and, when the
 * settings ask for them, holds with their posts and voids and linked transfers) until the count or duration is
 * reached, and waits for every result. With a warm-up, the transfers run as configured for the warm-up's duration
 * first; its commands are awaited, checked and reported like the others, but their latencies go to histograms of
 * their own, and neither its time nor its results count in the measured duration and throughput.
 *
 * <p>One thread publishes, so the order of {@link #run()}'s sends is the order on the commands topic; the report
 * records it, and {@code tally verify} checks each debit account's transfers were applied in it. Over several
 * clients' topics ({@link LoadRoutes}) that order holds within each topic, which carries all of a debit account's
 * commands.
 */
public final class LoadGenerator {

    private final LoadRoutes routes;
    private final LoadSettings settings;
    private final PrintWriter progress;
    private final Semaphore window;
    private final List<LoadReport.Sent> sent = new ArrayList<>();
    private final AtomicLong decided = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    /** The histograms a command dispatched now records into: the set-up's, the warm-up's or the measured part's. */
    private volatile Latencies latencies = new Latencies();
    /** From the worker's decision ({@code decided_at}) to the result's arrival here, first decisions only. */
    private volatile Latencies sinceDecision = new Latencies();
    private final Latencies warmupLatencies = new Latencies();
    private final Latencies warmupSinceDecision = new Latencies();
    /** Whether the commands dispatched now are the warm-up's. */
    private boolean warmingUp;
    private long measuredStartNanos;
    private volatile String phase = "opening accounts";
    private volatile long sequence;
    /** In open-loop mode, when the command being dispatched was due; 0 otherwise. */
    private long intendedNanos;
    /**
     * One reading of the wall clock and of {@link System#nanoTime} together, to give each command's due time as a
     * wall-clock instant in the report, comparable with another process's clock on the same machine.
     */
    private final long clockEpochMs = System.currentTimeMillis();
    private final long clockNanos = System.nanoTime();

    public LoadGenerator(TransferClient client, LoadSettings settings, PrintWriter progress) {
        this(LoadRoutes.operatorOnly(client), settings, progress);
    }

    /** A load over several topics: each command on the topic of the client that owns its ordering key. */
    public LoadGenerator(LoadRoutes routes, LoadSettings settings, PrintWriter progress) {
        this.routes = routes;
        this.settings = settings;
        this.progress = progress;
        this.window = new Semaphore(settings.maxInFlight());
    }

    /** Runs the whole load and returns its report; fails when set-up (opening or funding) does not succeed. */
    public LoadReport run() throws InterruptedException {
        long startNanos = System.nanoTime();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tally-load-progress");
            thread.setDaemon(true);
            return thread;
        });
        Progress line = new Progress(startNanos);
        ticker.scheduleAtFixedRate(line::print, 1, 1, TimeUnit.SECONDS);
        try {
            AccountId bank = new AccountId(settings.prefix() + "-bank");
            List<AccountId> accounts = new ArrayList<>();
            for (int i = 0; i < settings.accounts(); i++) {
                accounts.add(new AccountId(LoadRoutes.accountId(routes.clientNames(), settings.prefix(), i)));
            }
            dispatch(OpenAccount.unbounded(CommandId.random(), bank, settings.currency()), null, LoadReport.OPEN);
            for (AccountId account : accounts) {
                dispatch(OpenAccount.bounded(CommandId.random(), account, settings.currency(), 0), null,
                        LoadReport.OPEN);
            }
            drainAndRequireApplied("opening accounts");

            phase = "funding";
            for (AccountId account : accounts) {
                dispatch(new Transfer(CommandId.random(), bank, account, settings.initialBalance(),
                        settings.currency(), "funding"), null, LoadReport.FUND);
            }
            drainAndRequireApplied("funding");

            int setupCommands = sent.size();
            long warmupStartNanos = System.nanoTime();
            Schedule schedule = Schedule.of(settings, warmupStartNanos);
            if (schedule.measuring()) {
                startMeasuring(warmupStartNanos);
            } else {
                phase = "warm-up";
                warmingUp = true;
                latencies = warmupLatencies;
                sinceDecision = warmupSinceDecision;
            }
            publishTransfers(accounts, schedule);
            // The warm-up's commands still in flight are awaited here too; they record into the warm-up's histograms.
            drain();
            long endNanos = System.nanoTime();
            phase = "done";
            line.print();
            return new LoadReport(settings, bank, List.copyOf(sent), setupCommands, warmupStartNanos - startNanos,
                    new LoadReport.Part(warmupLatencies, warmupSinceDecision, measuredStartNanos - warmupStartNanos),
                    new LoadReport.Part(latencies, sinceDecision, endNanos - measuredStartNanos));
        } finally {
            ticker.shutdownNow();
        }
    }

    /** From here on, commands dispatched are the measured part's, and record into fresh histograms. */
    private void startMeasuring(long startNanos) {
        measuredStartNanos = startNanos;
        latencies = new Latencies();
        sinceDecision = new Latencies();
        warmingUp = false;
        phase = "transfers";
    }

    private void publishTransfers(List<AccountId> accounts, Schedule schedule) throws InterruptedException {
        CommandMix mix = new CommandMix(settings, accounts);
        CommandMix.Dispatch dispatch = this::dispatch;
        long published = 0;
        intendedNanos = 0;
        boolean openLoop = settings.ratePerSecond() != null;
        while (true) {
            long dueNanos = schedule.next(System.nanoTime());
            if (dueNanos == Schedule.OVER) {
                break;
            }
            if (warmingUp && schedule.measuring()) {
                startMeasuring(schedule.partStartNanos());
            }
            if (openLoop) {
                long wait = dueNanos - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                // Open loop: latency counts from when the command was due, so a stall in publishing (a full
                // window) shows in the figures instead of hiding behind a late start (coordinated omission).
                intendedNanos = dueNanos;
            }
            mix.sendDue(published, dispatch);
            mix.sendNext(published, dispatch);
            published++;
            schedule.sent();
        }
        // The holds still waiting for their post or void get it now, so every fate drawn is played out.
        mix.sendDue(Long.MAX_VALUE, dispatch);
    }

    /** @param key the record key of a post or void (its hold's debit account); {@code null} for other commands */
    private void dispatch(Command command, AccountId key, String kind) throws InterruptedException {
        window.acquire();
        long now = System.nanoTime();
        long start = intendedNanos != 0 && intendedNanos < now ? intendedNanos : now;
        AccountId orderingKey = key != null ? key : command.orderingKey();
        LoadReport.Sent entry = new LoadReport.Sent(sequence++, command, orderingKey, kind, start,
                clockEpochMs + Math.floorDiv(start - clockNanos, 1_000_000), warmingUp);
        sent.add(entry);
        Latencies phaseLatencies = latencies;
        Latencies phaseSinceDecision = sinceDecision;
        Pending<Result> pending;
        try {
            pending = routes.route(orderingKey).send(command, orderingKey, settings.timeout());
        } catch (RuntimeException e) {
            window.release();
            throw e;
        }
        pending.result().whenComplete((result, failure) -> {
            long nanos = System.nanoTime() - entry.sentNanos;
            if (failure == null) {
                entry.complete(result, nanos);
                phaseLatencies.record(nanos);
                if (!result.replay()) {
                    // Both clocks are this machine's wall clock when the worker runs here; the split is only
                    // meaningful then, and to the worker's millisecond.
                    phaseSinceDecision.record(
                            (System.currentTimeMillis() - result.decidedAt().toEpochMilli()) * 1_000_000);
                }
                decided.incrementAndGet();
            } else {
                Throwable cause = failure.getCause() != null && !(failure instanceof ResultTimeoutException)
                        ? failure.getCause() : failure;
                entry.fail(cause.getMessage());
                failed.incrementAndGet();
            }
            window.release();
        });
    }

    private void drain() throws InterruptedException {
        window.acquire(settings.maxInFlight());
        window.release(settings.maxInFlight());
    }

    private void drainAndRequireApplied(String step) throws InterruptedException {
        drain();
        for (LoadReport.Sent entry : sent) {
            if (entry.result() == null) {
                throw new IllegalStateException(step + " failed: " + entry.command().id() + ": " + entry.failure());
            }
            if (!entry.result().applied()) {
                throw new IllegalStateException(step + " failed: " + entry.command().id() + " was rejected: "
                        + entry.result().reason() + " " + entry.result().detail());
            }
        }
    }

    /** The live line on stderr, about once a second. */
    private final class Progress {

        private final long startNanos;
        private long lastDecided;
        private long lastNanos;

        Progress(long startNanos) {
            this.startNanos = startNanos;
            this.lastNanos = startNanos;
        }

        synchronized void print() {
            long now = System.nanoTime();
            long decidedNow = decided.get();
            double rate = (decidedNow - lastDecided) * 1e9 / Math.max(1, now - lastNanos);
            lastDecided = decidedNow;
            lastNanos = now;
            Latencies current = latencies;
            progress.printf("%5.0fs  %-16s sent %8d  decided %8d  in flight %6d  failed %4d  rate %7.0f/s  "
                            + "p50 %7.1f ms  p99 %7.1f ms%n",
                    (now - startNanos) / 1e9, phase, sequence, decidedNow, routes.inFlight(), failed.get(), rate,
                    current.quantileMs(0.50), current.quantileMs(0.99));
            progress.flush();
        }
    }
}
