package dev.tally.worker;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.Reason;
import dev.tally.contracts.Result;
import dev.tally.contracts.Status;
import dev.tally.contracts.Transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sends 500 transfers whose amounts are 60,000 digits long (just under the 64 KiB command limit), all with one key
 * and so to one partition, to the running worker, and proves each gets the result the contract documents for an
 * out-of-range integer: a positive one {@code REJECTED} as {@code INVALID_COMMAND} naming the amount's upper bound,
 * a negative one as {@code INVALID_AMOUNT}; exactly one result each, no money moved, and the partition still
 * decides the transfer published after them. The CPU such a burst costs is bounded by the codec's own test
 * ({@code LongIntegerTests}); this test prints the JVM's CPU time as a figure only.
 */
class LongIntegerIntegrationTests extends WorkerIntegrationTest {

    private static final int RECORDS = 500;
    private static final String DIGITS = "9".repeat(60_000);

    @Test
    void decidesFiveHundredSixtyThousandDigitAmountsAsDocumented() {
        AccountId payer = openFunded("long-payer", 1_000);
        AccountId payee = open("long-payee", "EUR", 0);
        byte[] key = payer.value().getBytes(StandardCharsets.UTF_8);
        List<CommandId> ids = new ArrayList<>();
        long cpuBeforeNs = processCpuNs();
        for (int i = 0; i < RECORDS; i++) {
            CommandId id = CommandId.random();
            ids.add(id);
            String amount = (i % 2 == 0 ? "" : "-") + (1 + i % 9) + DIGITS;
            harness().publish(null, key, transfer(id, payer, payee, amount), List.of());
        }
        harness().flush();
        Transfer next = new Transfer(CommandId.random(), payer, payee, 1, "EUR", null);
        harness().send(next);

        await().atMost(TIMEOUT).until(() -> ids.stream().noneMatch(id -> harness().results(id).isEmpty()));
        System.out.printf("%d records of 60,000-digit amounts decided; JVM CPU (worker, broker and test) %d ms%n",
                RECORDS, (processCpuNs() - cpuBeforeNs) / 1_000_000);
        for (int i = 0; i < RECORDS; i++) {
            List<Result> results = harness().results(ids.get(i));
            assertThat(results).as("results of record %d", i).hasSize(1);
            Result result = results.get(0);
            assertThat(result.status()).isEqualTo(Status.REJECTED);
            assertThat(result.replay()).isFalse();
            if (i % 2 == 0) {
                assertThat(result.reason()).as("record %d", i).isEqualTo(Reason.INVALID_COMMAND);
                assertThat(result.detail()).isEqualTo("amount must be at most 9223372036854775807");
            } else {
                assertThat(result.reason()).as("record %d", i).isEqualTo(Reason.INVALID_AMOUNT);
                assertThat(result.detail()).startsWith("amount must be at least 1 minor unit, was -" + (1 + i % 9));
            }
        }
        assertThat(awaitResult(next.id()).applied()).isTrue();
        assertBooksBalance(List.of(payer, payee), 1_000);
    }

    private static byte[] transfer(CommandId id, AccountId debit, AccountId credit, String amount) {
        return ("{\"type\":\"transfer\",\"id\":\"" + id + "\",\"debit_account_id\":\"" + debit.value()
                + "\",\"credit_account_id\":\"" + credit.value() + "\",\"amount\":" + amount
                + ",\"currency\":\"EUR\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static long processCpuNs() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
