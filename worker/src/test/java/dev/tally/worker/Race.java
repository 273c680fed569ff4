package dev.tally.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

import dev.tally.contracts.ParsedRecord;
import dev.tally.contracts.Result;
import dev.tally.worker.ledger.Ledger;
import dev.tally.worker.ledger.RecordSource;

/**
 * The race tests' contest: the same workload on many threads at once, each deciding its commands as a listener
 * would, trying a decision again when it lost a race to a transient failure.
 */
final class Race {

    private Race() {
    }

    /** One thread's part of the race; {@code thread} counts from 0. */
    interface Contender {
        void run(int thread) throws Exception;
    }

    /** Runs the contender on {@code threads} threads at once and returns when all are done; rethrows any failure. */
    static void among(int threads, Contender contender) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    contender.run(thread);
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Decides the command, again after each transient failure, as the listener tries a failed poll again. */
    static Result decideRetryingTransientFailures(Ledger ledger, ParsedRecord.Identified command,
                                                  RecordSource source) {
        while (true) {
            try {
                return ledger.apply(command, source);
            } catch (TransientDataAccessException | CannotCreateTransactionException lostRace) {
                // tried again, like a failed poll
            }
        }
    }
}
