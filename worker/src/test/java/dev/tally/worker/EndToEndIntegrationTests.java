package dev.tally.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.Transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * End to end through Kafka: 5,000 transfers among 50 accounts, published concurrently by 4 threads, many of them
 * unaffordable. Afterwards every id has exactly one result and one journal row, money is conserved, no floor is
 * broken, and the {@code transfers} journal reconciles with every balance.
 */
class EndToEndIntegrationTests extends WorkerIntegrationTest {

    private static final int ACCOUNTS = 50;
    private static final int TRANSFERS = 5_000;
    private static final int PUBLISHERS = 4;
    private static final long INITIAL_BALANCE = 1_000;

    @Test
    void decidesFiveThousandConcurrentTransfersExactlyOnceAndKeepsTheBooksBalanced() throws Exception {
        List<AccountId> accounts = openAndFund("e2e", ACCOUNTS, INITIAL_BALANCE);
        List<CommandId> ids = publishConcurrently(accounts);

        await().atMost(TIMEOUT.multipliedBy(3))
                .until(() -> ids.stream().allMatch(id -> !harness().results(id).isEmpty()));

        assertDecidedExactlyOnce(ids);
        long applied = ids.stream().filter(id -> harness().results(id).get(0).applied()).count();
        assertThat(applied).as("some transfers applied").isPositive();
        assertThat(applied).as("some transfers rejected").isLessThan(TRANSFERS);
        assertBooksBalance(accounts, ACCOUNTS * INITIAL_BALANCE);
    }

    private static List<CommandId> publishConcurrently(List<AccountId> accounts) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(PUBLISHERS);
        try {
            List<Future<List<CommandId>>> futures = new ArrayList<>();
            for (int p = 0; p < PUBLISHERS; p++) {
                futures.add(pool.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    List<CommandId> sent = new ArrayList<>();
                    for (int i = 0; i < TRANSFERS / PUBLISHERS; i++) {
                        AccountId from = accounts.get(random.nextInt(ACCOUNTS));
                        AccountId to = accounts.get(random.nextInt(ACCOUNTS));
                        while (to.equals(from)) {
                            to = accounts.get(random.nextInt(ACCOUNTS));
                        }
                        Transfer transfer = new Transfer(CommandId.random(), from, to, 1 + random.nextInt(400),
                                "EUR", null);
                        harness().sendAsync(transfer);
                        sent.add(transfer.id());
                    }
                    return sent;
                }));
            }
            List<CommandId> ids = new ArrayList<>();
            for (Future<List<CommandId>> future : futures) {
                ids.addAll(future.get());
            }
            harness().flush();
            return ids;
        } finally {
            pool.shutdownNow();
        }
    }
}
