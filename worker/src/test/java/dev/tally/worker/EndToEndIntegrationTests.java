package dev.tally.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.Command;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.OpenAccount;
import dev.tally.contracts.Result;
import dev.tally.contracts.Transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * End to end through Kafka: 5,000 transfers among 50 accounts, published concurrently by 4 threads, many of them
 * unaffordable. Afterwards every id has exactly one result, money is conserved, no floor is broken, and the
 * {@code transfers} journal reconciles with every balance.
 */
class EndToEndIntegrationTests extends WorkerIntegrationTest {

    private static final int ACCOUNTS = 50;
    private static final int TRANSFERS = 5_000;
    private static final int PUBLISHERS = 4;
    private static final long INITIAL_BALANCE = 1_000;

    @Test
    void decidesFiveThousandConcurrentTransfersExactlyOnceAndKeepsTheBooksBalanced() throws Exception {
        List<AccountId> accounts = openAndFund();
        List<CommandId> ids = publishConcurrently(accounts);

        await().atMost(TIMEOUT.multipliedBy(3))
                .until(() -> ids.stream().allMatch(id -> !harness().results(id).isEmpty()));

        // Exactly one result per id, none of them a replay (nothing was sent twice).
        for (CommandId id : ids) {
            List<Result> results = harness().results(id);
            assertThat(results).as("results of %s", id).hasSize(1);
            assertThat(results.get(0).replay()).isFalse();
        }
        long applied = ids.stream().filter(id -> harness().results(id).get(0).applied()).count();
        assertThat(applied).as("some transfers applied").isPositive();
        assertThat(applied).as("some transfers rejected").isLessThan(TRANSFERS);

        // Conservation among the 50 accounts (all funding happened before the run), and floors.
        long total = 0;
        for (AccountId account : accounts) {
            long balance = balance(account);
            assertThat(balance).as("balance of %s", account).isGreaterThanOrEqualTo(0);
            total += balance;
        }
        assertThat(total).isEqualTo(ACCOUNTS * INITIAL_BALANCE);

        // The journal reconciles: each balance equals applied credits minus applied debits.
        for (AccountId account : accounts) {
            Map<String, Object> sums = jdbc.sql("""
                            SELECT coalesce(sum(amount) FILTER (WHERE credit_account_id = :id), 0) AS credits,
                                   coalesce(sum(amount) FILTER (WHERE debit_account_id = :id), 0) AS debits
                            FROM transfers
                            WHERE status = 'APPLIED' AND (credit_account_id = :id OR debit_account_id = :id)
                            """)
                    .param("id", account.value()).query().singleRow();
            long credits = ((Number) sums.get("credits")).longValue();
            long debits = ((Number) sums.get("debits")).longValue();
            assertThat(credits - debits).as("journal of %s", account).isEqualTo(balance(account));
        }
        assertThat(jdbc.sql("SELECT count(*) FROM transfers WHERE id = ANY(?)")
                .param(ids.stream().map(CommandId::value).toArray(java.util.UUID[]::new))
                .query(Long.class).single()).isEqualTo(TRANSFERS);
    }

    /** Opens the accounts, then funds them, each step published at once and then awaited. */
    private static List<AccountId> openAndFund() {
        AccountId bank = newAccount("e2e-bank");
        List<AccountId> accounts = new ArrayList<>();
        List<Command> openings = new ArrayList<>(List.of(OpenAccount.unbounded(CommandId.random(), bank, "EUR")));
        for (int i = 0; i < ACCOUNTS; i++) {
            AccountId account = newAccount("e2e");
            accounts.add(account);
            openings.add(OpenAccount.bounded(CommandId.random(), account, "EUR", 0));
        }
        awaitAllApplied(openings);
        awaitAllApplied(accounts.stream()
                .<Command>map(account -> new Transfer(CommandId.random(), bank, account, INITIAL_BALANCE, "EUR", null))
                .toList());
        return accounts;
    }

    private static void awaitAllApplied(List<Command> commands) {
        commands.forEach(harness()::sendAsync);
        harness().flush();
        await().atMost(TIMEOUT).until(() -> commands.stream().noneMatch(c -> harness().results(c.id()).isEmpty()));
        assertThat(commands).allMatch(c -> harness().results(c.id()).get(0).applied());
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
