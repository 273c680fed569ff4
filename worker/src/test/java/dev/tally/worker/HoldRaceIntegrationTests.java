package dev.tally.worker;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.ParsedRecord;
import dev.tally.contracts.Reason;
import dev.tally.contracts.Result;
import dev.tally.contracts.Transfer;
import dev.tally.worker.account.Locking;
import dev.tally.worker.ledger.Ledger;
import dev.tally.worker.ledger.RecordSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hold race: 16 threads each try 100 times to take a hold of 10 or make a plain debit of 10 (alternately) on an
 * account A that can afford only a quarter of them. Held money must not be spent twice: A's available balance
 * (balance - pending debits) never goes below zero, posted plus pending money is conserved, and every applied result
 * is reflected in the book. A naive implementation (test code only) that checks the balance instead of the available
 * balance overspends; the worker's ledger keeps every invariant with each locking strategy.
 */
class HoldRaceIntegrationTests extends WorkerIntegrationTest {

    private static final int THREADS = 16;
    private static final int ATTEMPTS_PER_THREAD = 100;
    private static final long AMOUNT = 10;
    private static final long FUNDS = THREADS * ATTEMPTS_PER_THREAD * AMOUNT / 4;

    @Autowired
    private Ledger ledger;

    @Test
    void naiveCheckOfTheBalanceInsteadOfTheAvailableBalanceOverspends() throws Exception {
        // The naive version runs on a scratch copy of the accounts table without its CHECK constraints (the real
        // table would refuse the overspending writes): read A, check its balance (ignoring its holds), write back.
        String table = "naive_accounts_" + UUID.randomUUID().toString().replace("-", "");
        jdbc.sql("CREATE TABLE " + table + " (LIKE accounts INCLUDING DEFAULTS)").update();
        try {
            jdbc.sql("INSERT INTO " + table + " (id, currency, balance, overdraft_limit) VALUES ('a', 'EUR', ?, 0), "
                    + "('b', 'EUR', 0, 0)").param(FUNDS).update();
            AtomicInteger holds = new AtomicInteger();
            AtomicInteger debits = new AtomicInteger();

            Race.among(THREADS, thread -> {
                for (int i = 0; i < ATTEMPTS_PER_THREAD; i++) {
                    boolean hold = (thread + i) % 2 == 0;
                    if (naive(table, hold)) {
                        (hold ? holds : debits).incrementAndGet();
                    }
                }
            });

            long balance = scratch(table, "a", "balance");
            long pending = scratch(table, "a", "pending_debits");
            Invariants outcome = new Invariants(balance, pending, scratch(table, "b", "balance"),
                    scratch(table, "b", "pending_credits"), holds.get(), debits.get());
            assertThat(outcome.hold()).as("the naive implementation should overspend: %s", outcome).isFalse();
            assertThat(balance - pending).as("available of A: %s", outcome).isNegative();
        } finally {
            jdbc.sql("DROP TABLE " + table).update();
        }
    }

    @ParameterizedTest
    @EnumSource(Locking.class)
    void workerNeverSpendsHeldMoneyTwice(Locking locking) throws Exception {
        // The same workload through the worker's ledger: exactly FUNDS / AMOUNT holds and debits together apply.
        // Each thread stands for a worker instance of its own, so that only the database's locks keep them apart.
        String topic = "hold-race-" + CommandId.random();
        Ledger ledger = this.ledger.withOperatorTopic(topic).withLocking(locking).asSeparateInstances();
        AccountId a = openFunded("hold-race-a", FUNDS);
        AccountId b = open("hold-race-b", "EUR", 0);
        AtomicInteger holds = new AtomicInteger();
        AtomicInteger debits = new AtomicInteger();

        Race.among(THREADS, thread -> {
            for (int i = 0; i < ATTEMPTS_PER_THREAD; i++) {
                boolean hold = (thread + i) % 2 == 0;
                Transfer transfer = hold ? Transfer.pending(CommandId.random(), a, b, AMOUNT, "EUR", null, 3600L)
                        : new Transfer(CommandId.random(), a, b, AMOUNT, "EUR", null);
                Result result = Race.decideRetryingTransientFailures(ledger, new ParsedRecord.Valid(transfer),
                        new RecordSource(topic, thread, i));
                if (result.applied()) {
                    (hold ? holds : debits).incrementAndGet();
                } else {
                    assertThat(result.reason()).isEqualTo(Reason.INSUFFICIENT_FUNDS);
                }
            }
        });

        Invariants outcome = new Invariants(balance(a), column(a, "pending_debits"), balance(b),
                column(b, "pending_credits"), holds.get(), debits.get());
        assertThat(outcome.hold()).as("%s", outcome).isTrue();
        assertThat((holds.get() + debits.get()) * AMOUNT).isEqualTo(FUNDS);
        assertThat(jdbc.sql("SELECT coalesce(sum(amount), 0) FROM holds WHERE debit_account_id = ? AND state = "
                + "'PENDING'").param(a.value()).query(Long.class).single()).isEqualTo(holds.get() * AMOUNT);
    }

    /**
     * What must hold: A's available balance never below zero; posted money conserved between A and B; every hold
     * is pending on both sides; every applied debit is reflected in both balances.
     */
    private record Invariants(long balanceA, long pendingA, long balanceB, long pendingB, int holds, int debits) {

        boolean hold() {
            return balanceA - pendingA >= 0
                    && balanceA + balanceB == FUNDS
                    && pendingA == holds * AMOUNT
                    && pendingB == holds * AMOUNT
                    && balanceB == debits * AMOUNT;
        }

        @Override
        public String toString() {
            return "A balance=" + balanceA + " pending=" + pendingA + ", B balance=" + balanceB + " pending="
                    + pendingB + ", applied holds=" + holds + " debits=" + debits + " (" + (holds + debits) * AMOUNT
                    + " of " + FUNDS + " available)";
        }
    }

    /** Read A, check its balance in Java (forgetting its holds), write back the computed values. Test code only. */
    private boolean naive(String table, boolean hold) {
        long balance = scratch(table, "a", "balance");
        if (balance < AMOUNT) {
            return false;
        }
        if (hold) {
            long pending = scratch(table, "a", "pending_debits");
            jdbc.sql("UPDATE " + table + " SET pending_debits = ? WHERE id = 'a'").param(pending + AMOUNT).update();
            long credits = scratch(table, "b", "pending_credits");
            jdbc.sql("UPDATE " + table + " SET pending_credits = ? WHERE id = 'b'").param(credits + AMOUNT).update();
        } else {
            jdbc.sql("UPDATE " + table + " SET balance = ? WHERE id = 'a'").param(balance - AMOUNT).update();
            long credit = scratch(table, "b", "balance");
            jdbc.sql("UPDATE " + table + " SET balance = ? WHERE id = 'b'").param(credit + AMOUNT).update();
        }
        return true;
    }

    private long scratch(String table, String id, String column) {
        return jdbc.sql("SELECT " + column + " FROM " + table + " WHERE id = ?").param(id).query(Long.class).single();
    }

    private long column(AccountId id, String column) {
        return jdbc.sql("SELECT " + column + " FROM accounts WHERE id = ?").param(id.value()).query(Long.class)
                .single();
    }
}
