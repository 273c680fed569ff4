package dev.tally.worker.ledger;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Batches of one worker that share an account take their turns in arrival order; others go in side by side. */
class AccountTurnsTests {

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final AccountTurns turns = new AccountTurns();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void aBatchSharingAnAccountWaitsUntilTheEarlierOneIsOver() throws Exception {
        AccountTurns.Turn first = turns.await(Set.of("A", "B"));
        Future<AccountTurns.Turn> second = threads.submit(() -> turns.await(Set.of("B", "C")));

        await().atMost(Duration.ofSeconds(10)).until(() -> turns.queued() == 2);
        stillWaiting(second);

        first.close();
        second.get(10, TimeUnit.SECONDS).close();
        assertThat(turns.queued()).isZero();
    }

    @Test
    void batchesWithNothingInCommonGoInSideBySide() throws Exception {
        AccountTurns.Turn first = turns.await(Set.of("A", "B"));

        Future<AccountTurns.Turn> second = threads.submit(() -> turns.await(Set.of("C", "D")));

        AccountTurns.Turn turn = second.get(10, TimeUnit.SECONDS);
        assertThat(turns.queued()).isEqualTo(2);
        turn.close();
        first.close();
    }

    @Test
    void aLaterBatchWaitsForAnEarlierWaitingOneItOverlaps() throws Exception {
        // C shares nothing with the running A, but comes after B, which waits for A and shares C's account: C goes
        // after B, so a stream of batches can never keep B waiting.
        AccountTurns.Turn a = turns.await(Set.of("x"));
        Future<AccountTurns.Turn> b = threads.submit(() -> turns.await(Set.of("x", "y")));
        await().atMost(Duration.ofSeconds(10)).until(() -> turns.queued() == 2);
        Future<AccountTurns.Turn> c = threads.submit(() -> turns.await(Set.of("y")));
        await().atMost(Duration.ofSeconds(10)).until(() -> turns.queued() == 3);
        stillWaiting(c);

        a.close();
        AccountTurns.Turn bTurn = b.get(10, TimeUnit.SECONDS);
        stillWaiting(c);

        bTurn.close();
        c.get(10, TimeUnit.SECONDS).close();
        assertThat(turns.queued()).isZero();
    }

    @Test
    void separateInstancesNeverWaitHere() throws Exception {
        AccountTurns.Turn first = AccountTurns.NONE.await(Set.of("A"));

        Future<AccountTurns.Turn> second = threads.submit(() -> AccountTurns.NONE.await(Set.of("A")));

        second.get(10, TimeUnit.SECONDS).close();
        first.close();
    }

    @Test
    void anInterruptedWaitEndsAndKeepsTheInterrupt() throws Exception {
        AccountTurns.Turn first = turns.await(Set.of("A"));
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            turns.await(Set.of("A")).close();
            interrupted.complete(Thread.currentThread().isInterrupted());
        });
        waiter.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> turns.queued() == 2);

        waiter.interrupt();

        assertThat(interrupted.get(10, TimeUnit.SECONDS)).isTrue();
        first.close();
        assertThat(turns.queued()).isZero();
    }

    /** The batch has not got its turn, and does not get it while nothing ends (checked for a while). */
    private static void stillWaiting(Future<?> turn) {
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !turn.isDone());
    }
}
