package dev.tally.faults;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.tally.testkit.WorkerProcess;

/**
 * The suite's three worker JVMs: started (the first alone, as it migrates the schema), killed at random and
 * restarted in the background, so that the kills that follow overlap the restarts, and awaited before a fault that
 * needs every worker up. Each instance keeps its id across restarts; each start logs to a file of its own.
 */
final class WorkerPool {

    static final int SIZE = 3;

    private final Map<String, String> base;
    private final Path directory;
    private final WorkerProcess[] workers = new WorkerProcess[SIZE];
    private final int[] starts = new int[SIZE];
    /** The restarts still under way, per worker; a worker restarting is neither killed nor stopped until it is up. */
    @SuppressWarnings("unchecked")
    private final CompletableFuture<WorkerProcess>[] restarting = new CompletableFuture[SIZE];

    /** @param base the workers' environment: database, broker, port */
    WorkerPool(Map<String, String> base, Path directory) {
        this.base = base;
        this.directory = directory;
    }

    /** The first worker migrates the schema alone; then the other two start side by side. */
    void startAll() throws IOException, InterruptedException {
        workers[0] = startWorker(0);
        List<CompletableFuture<WorkerProcess>> others = new ArrayList<>();
        for (int i = 1; i < SIZE; i++) {
            int index = i;
            others.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return startWorker(index);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (int i = 1; i < SIZE; i++) {
            workers[i] = others.get(i - 1).join();
        }
    }

    /**
     * Kills a worker that is up, chosen at random, and restarts it in the background.
     *
     * @param restarted told the killed worker's name once its replacement has started
     */
    void killOneAndRestart(Random random, Consumer<String> restarted) throws Exception {
        int index = runningWorker(random);
        String killed = "worker-" + index;
        workers[index].kill();
        restarting[index] = CompletableFuture.supplyAsync(() -> {
            try {
                WorkerProcess worker = startWorker(index);
                restarted.accept(killed);
                return worker;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Waits for every restart under way; a worker that could not start fails the run. */
    void awaitRestarts() throws Exception {
        for (int i = 0; i < SIZE; i++) {
            if (restarting[i] != null) {
                restarting[i].get(10, TimeUnit.MINUTES);
                collect(i);
            }
        }
    }

    /** Kills every worker, and each restart under way once it has started. */
    void killAll() throws InterruptedException {
        for (CompletableFuture<WorkerProcess> restart : restarting) {
            if (restart != null) {
                restart.thenAccept(WorkerProcess::close);
            }
        }
        for (WorkerProcess worker : workers) {
            if (worker != null) {
                worker.kill();
            }
        }
    }

    /** A worker that is up, chosen at random; when every worker is restarting, the first one back. */
    private int runningWorker(Random random) throws Exception {
        List<Integer> up = new ArrayList<>();
        for (int i = 0; i < SIZE; i++) {
            if (restarting[i] == null || restarting[i].isDone()) {
                collect(i);
                up.add(i);
            }
        }
        if (up.isEmpty()) {
            CompletableFuture.anyOf(restarting).get(10, TimeUnit.MINUTES);
            return runningWorker(random);
        }
        return up.get(random.nextInt(up.size()));
    }

    private void collect(int index) throws Exception {
        if (restarting[index] != null) {
            workers[index] = restarting[index].get();
            restarting[index] = null;
        }
    }

    private WorkerProcess startWorker(int index) throws IOException, InterruptedException {
        Map<String, String> environment = new LinkedHashMap<>(base);
        // Stable per instance, as in production: a restarted worker fences its predecessor's open transaction.
        environment.put("TALLY_WORKER_INSTANCE_ID", "worker-" + index);
        int start;
        synchronized (starts) {
            start = ++starts[index];
        }
        return WorkerProcess.start(environment, List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                        // A killed member leaves the group after 6 s (the broker's minimum) rather than 45 s.
                        "-Dspring.kafka.consumer.properties.session.timeout.ms=6000",
                        "-Dspring.kafka.consumer.properties.heartbeat.interval.ms=2000"),
                directory.resolve("worker-" + index + "-start-" + start + ".log"));
    }
}
