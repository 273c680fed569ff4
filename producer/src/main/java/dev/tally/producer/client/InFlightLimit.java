package dev.tally.producer.client;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * At most {@code max} commands in flight (handed to the producer and not yet answered, failed or timed out); the
 * others wait in call order, without blocking anyone, and start as earlier ones finish. Starting means handing the
 * command to the single publishing thread, done under this object's lock so that the call order is the publishing
 * order even when two commands finish at once on two threads.
 */
final class InFlightLimit {

    private final int max;
    private final ArrayDeque<Entry> waiting = new ArrayDeque<>();
    private int inFlight;
    private boolean closed;

    InFlightLimit(int max) {
        this.max = max;
    }

    /**
     * Runs {@code start} now if there is room, else when there is; the room is given back when {@code done}
     * completes. A command whose {@code done} completes while it waits (cancelled, or failed by
     * {@link TransferClient#close()}) never starts.
     *
     * @return {@code false}, starting nothing, when the limit is closed
     */
    boolean admit(CompletableFuture<?> done, Runnable start) {
        Entry entry = new Entry(start);
        synchronized (this) {
            if (closed) {
                return false;
            }
            if (inFlight < max && waiting.isEmpty()) {
                inFlight++;
                entry.started = true;
                start.run();
            } else {
                waiting.add(entry);
            }
        }
        done.whenComplete((result, failure) -> finished(entry));
        return true;
    }

    /** How many commands wait for room. */
    synchronized int waiting() {
        return waiting.size();
    }

    /** Starts nothing more; the caller fails whatever was waiting. */
    synchronized void close() {
        closed = true;
        waiting.clear();
    }

    private synchronized void finished(Entry entry) {
        if (!entry.started) {
            waiting.remove(entry);
            return;
        }
        inFlight--;
        while (!closed && inFlight < max && !waiting.isEmpty()) {
            Entry next = waiting.poll();
            inFlight++;
            next.started = true;
            next.start.run();
        }
    }

    private static final class Entry {

        private final Runnable start;
        private boolean started;

        private Entry(Runnable start) {
            this.start = start;
        }
    }
}
