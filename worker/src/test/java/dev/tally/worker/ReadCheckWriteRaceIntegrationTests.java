package dev.tally.worker;

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
 * The read–check–write race, reproduced: 16 threads each try 500 times to "debit A 10 if A has at least 10, credit
 * B", on an A that can afford only a quarter of them. A deliberately naive implementation (read the balance, check
 * it in Java, write the new value back) loses the invariant; the worker's real path (the {@link Ledger}: one
 * transaction, rows locked in id order, conditional atomic updates) keeps it exactly, with each of the three
 * locking strategies.
 */
class ReadCheckWriteRaceIntegrationTests extends WorkerIntegrationTest {

    private static final int THREADS = 16;
    private static final int ATTEMPTS_PER_THREAD = 250;
    private static final long AMOUNT = 10;
    private static final long FUNDS = THREADS * ATTEMPTS_PER_THREAD * AMOUNT / 4;

    @Autowired
    private Ledger ledger;

    @Test
    void naiveReadModifyWriteLosesTheInvariant() throws Exception {
        // The race is probabilistic, so allow a few rounds to show it; one round practically always does.
        String lastOutcome = null;
        for (int round = 1; round <= 3; round++) {
            AccountId a = openFunded("naive-a", FUNDS);
            AccountId b = open("naive-b", "EUR", 0);
            AtomicInteger approved = new AtomicInteger();

            Race.among(THREADS, thread -> {
                for (int i = 0; i < ATTEMPTS_PER_THREAD; i++) {
                    if (naiveTransfer(a, b)) {
                        approved.incrementAndGet();
                    }
                }
            });

            Invariants outcome = new Invariants(balance(a), balance(b), approved.get());
            lastOutcome = outcome.toString();
            if (!outcome.hold()) {
                return;
            }
        }
        throw new AssertionError("the naive implementation kept the invariant in 3 rounds, so this test cannot "
                + "tell a racy implementation from a correct one: " + lastOutcome);
    }

    @ParameterizedTest
    @EnumSource(Locking.class)
    void workerKeepsTheInvariantUnderTheSameRace(Locking locking) throws Exception {
        // The same workload through the worker's ledger, with each locking strategy: exactly FUNDS / AMOUNT debits
        // are applied, no more. A batch that loses a race is tried again, as the listener would.
        // Each thread stands for a worker instance of its own, so that only the database's locks keep them apart.
        String topic = "race-" + CommandId.random();
        Ledger ledger = this.ledger.withOperatorTopic(topic).withLocking(locking).asSeparateInstances();
        AccountId a = openFunded("race-a", FUNDS);
        AccountId b = open("race-b", "EUR", 0);
        AtomicInteger applied = new AtomicInteger();
        AtomicInteger insufficient = new AtomicInteger();

        Race.among(THREADS, thread -> {
            for (int i = 0; i < ATTEMPTS_PER_THREAD; i++) {
                Transfer transfer = new Transfer(CommandId.random(), a, b, AMOUNT, "EUR", null);
                Result result = Race.decideRetryingTransientFailures(ledger, new ParsedRecord.Valid(transfer),
                        new RecordSource(topic, thread, i));
                if (result.applied()) {
                    applied.incrementAndGet();
                } else {
                    assertThat(result.reason()).isEqualTo(Reason.INSUFFICIENT_FUNDS);
                    insufficient.incrementAndGet();
                }
            }
        });

        Invariants outcome = new Invariants(balance(a), balance(b), applied.get());
        assertThat(outcome.hold()).as("%s", outcome).isTrue();
        assertThat(applied.get()).isEqualTo(FUNDS / AMOUNT);
        assertThat(applied.get() + insufficient.get()).isEqualTo(THREADS * ATTEMPTS_PER_THREAD);
        assertThat(balance(a)).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM transfers WHERE debit_account_id = ? AND status = 'APPLIED'")
                .param(a.value()).query(Long.class).single()).isEqualTo(applied.get());
    }

    /** Read, check in Java, write back the computed value: the bug Tally exists to prevent. Test code only. */
    private boolean naiveTransfer(AccountId a, AccountId b) {
        long balanceA = balance(a);
        if (balanceA < AMOUNT) {
            return false;
        }
        jdbc.sql("UPDATE accounts SET balance = ? WHERE id = ?").param(balanceA - AMOUNT).param(a.value()).update();
        long balanceB = balance(b);
        jdbc.sql("UPDATE accounts SET balance = ? WHERE id = ?").param(balanceB + AMOUNT).param(b.value()).update();
        return true;
    }

    /**
     * What must hold after the race: money is conserved between A and B, A never went below zero, and every
     * approved debit is reflected in the balances (none approved beyond what A could afford).
     */
    private record Invariants(long balanceA, long balanceB, int approved) {

        boolean hold() {
            return balanceA >= 0
                    && balanceA + balanceB == FUNDS
                    && approved * AMOUNT == FUNDS - balanceA
                    && approved * AMOUNT == balanceB;
        }

        @Override
        public String toString() {
            return "A=" + balanceA + ", B=" + balanceB + ", approved debits=" + approved + " (" + approved * AMOUNT
                    + " of " + FUNDS + " available)";
        }
    }
}
