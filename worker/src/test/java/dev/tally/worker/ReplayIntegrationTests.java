package dev.tally.worker;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
 * Idempotent replay through Kafka: publishing every command of a run a second time changes no balance, and each
 * command gets a second result equal to its first except for {@code replay: true}.
 */
class ReplayIntegrationTests extends WorkerIntegrationTest {

    @Test
    void republishingEveryCommandChangesNoBalanceAndReplaysEachResult() {
        // A run of openings, applied and rejected transfers; then the whole run again, in the same order.
        List<Command> run = new ArrayList<>();
        AccountId bank = newAccount("bank");
        List<AccountId> accounts = List.of(newAccount("a"), newAccount("b"), newAccount("c"), newAccount("d"));
        run.add(OpenAccount.unbounded(CommandId.random(), bank, "EUR"));
        for (AccountId account : accounts) {
            run.add(OpenAccount.bounded(CommandId.random(), account, "EUR", 0));
            run.add(new Transfer(CommandId.random(), bank, account, 1_000, "EUR", "funding"));
        }
        for (int i = 0; i < 120; i++) {
            AccountId from = accounts.get(i % 4);
            AccountId to = accounts.get((i * 7 + 1) % 4);
            run.add(new Transfer(CommandId.random(), from, to, 37L * (i % 13 + 1), "EUR", "r" + i));
        }
        // Two that are rejected whatever the order of decisions: an unknown debit account, the same account twice.
        run.add(new Transfer(CommandId.random(), newAccount("ghost"), accounts.get(0), 5, "EUR", null));
        run.add(new Transfer(CommandId.random(), accounts.get(1), accounts.get(1), 5, "EUR", null));
        run.forEach(harness()::send);
        await().atMost(TIMEOUT).until(() -> run.stream().allMatch(c -> harness().results(c.id()).size() == 1));
        Map<AccountId, Long> balancesBefore = balances(bank, accounts);
        assertThat(run.stream().map(c -> harness().results(c.id()).get(0)).filter(r -> !r.applied()))
                .as("the run includes rejections").isNotEmpty();

        run.forEach(harness()::send);
        await().atMost(TIMEOUT).until(() -> run.stream().allMatch(c -> harness().results(c.id()).size() == 2));

        for (Command command : run) {
            List<Result> results = harness().results(command.id());
            assertThat(results.get(0).replay()).isFalse();
            assertThat(results.get(1)).isEqualTo(results.get(0).withReplay(true));
        }
        assertThat(balances(bank, accounts)).isEqualTo(balancesBefore);
    }

    private Map<AccountId, Long> balances(AccountId bank, List<AccountId> accounts) {
        Map<AccountId, Long> balances = new HashMap<>();
        balances.put(bank, balance(bank));
        accounts.forEach(account -> balances.put(account, balance(account)));
        return balances;
    }
}
