package dev.tally.producer.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.tally.contracts.CommandId;
import dev.tally.contracts.OpenAccountResult;
import dev.tally.contracts.Reason;
import dev.tally.contracts.Result;
import dev.tally.contracts.Status;
import dev.tally.contracts.Transfer;
import dev.tally.contracts.TransferResult;
import dev.tally.producer.testing.RunningWorker;
import dev.tally.testkit.KafkaTopics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The client against the real worker (its jar, as a child process) on the real broker and database: correlation
 * under load and across clients, timeouts and safe retries, awaiting old decisions, fire-and-forget.
 */
class TransferClientIntegrationTests {

    @RegisterExtension
    static final RunningWorker worker = new RunningWorker();

    private static final Duration WAIT = Duration.ofSeconds(90);

    private static TransferClient client;
    private static String bank;

    @BeforeAll
    static void connect() throws Exception {
        client = worker.clientBuilder().build();
        client.ready().get(30, TimeUnit.SECONDS);
        bank = worker.newAccount("bank");
        assertThat(client.openFundingAccount(bank, "EUR").get(90, TimeUnit.SECONDS).applied()).isTrue();
    }

    @AfterAll
    static void close() {
        client.close();
    }

    private static String funded(String name, long balance) throws Exception {
        String account = worker.newAccount(name);
        OpenAccountResult opened = client.openAccount(account, "EUR", 0).get(60, TimeUnit.SECONDS);
        assertThat(opened.applied()).as("opening %s: %s", account, opened).isTrue();
        if (balance > 0) {
            TransferResult funding = client.transfer(bank, account, balance, "EUR", "funding")
                    .get(60, TimeUnit.SECONDS);
            assertThat(funding.applied()).as("funding %s: %s", account, funding).isTrue();
        }
        return account;
    }

    /**
     * 2,000 transfers are in flight at once from four threads over two clients that read the same results topic;
     * every future must complete with the result of its own command id (a mix-up would show as a wrong id or a
     * wrong echo), and the money moved must add up.
     */
    @Test
    void completesEveryFutureWithItsOwnResultWithTwoThousandInFlightOnTwoClients() throws Exception {
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            accounts.add(funded("many", 1_000_000));
        }
        ConcurrentLinkedQueue<Object[]> sent = new ConcurrentLinkedQueue<>();
        try (TransferClient second = worker.clientBuilder().build()) {
            second.ready().get(30, TimeUnit.SECONDS);
            ExecutorService senders = Executors.newFixedThreadPool(4);
            try {
                List<CompletableFuture<?>> batches = new ArrayList<>();
                for (int thread = 0; thread < 4; thread++) {
                    TransferClient through = thread % 2 == 0 ? client : second;
                    batches.add(CompletableFuture.runAsync(() -> {
                        for (int i = 0; i < 500; i++) {
                            ThreadLocalRandom random = ThreadLocalRandom.current();
                            String from = accounts.get(random.nextInt(accounts.size()));
                            String to = accounts.get((accounts.indexOf(from) + 1 + random.nextInt(7)) % 8);
                            Transfer transfer = TransferClient.newTransfer(from, to, 1 + random.nextInt(100), "EUR",
                                    null);
                            sent.add(new Object[] {transfer, through.transfer(transfer)});
                        }
                    }, senders));
                }
                CompletableFuture.allOf(batches.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            } finally {
                senders.shutdown();
            }
            assertThat(sent).hasSize(2000);

            long moved = 0;
            for (Object[] pair : sent) {
                Transfer transfer = (Transfer) pair[0];
                @SuppressWarnings("unchecked")
                TransferResult result = ((CompletableFuture<TransferResult>) pair[1]).get(120, TimeUnit.SECONDS);
                assertThat(result.id()).isEqualTo(transfer.id());
                assertThat(result.debitAccountId()).isEqualTo(transfer.debitAccountId());
                assertThat(result.creditAccountId()).isEqualTo(transfer.creditAccountId());
                assertThat(result.amount()).isEqualTo(transfer.amount());
                assertThat(result.status()).isEqualTo(Status.APPLIED);
                assertThat(result.replay()).isFalse();
                moved += transfer.amount();
            }
            assertThat(moved).isPositive();
            assertThat(client.inFlight()).isZero();
            assertThat(second.inFlight()).isZero();

            // Each client read every result, its own and the other's.
            Transfer someoneElses = (Transfer) sent.peek()[0];
            Result seenByBoth = second.await(someoneElses.id()).get(30, TimeUnit.SECONDS);
            assertThat(seenByBoth).isEqualTo(client.await(someoneElses.id()).get(30, TimeUnit.SECONDS));
        }
        long total = 0;
        for (String account : accounts) {
            total += worker.balance(account);
        }
        assertThat(total).as("transfers among the eight accounts neither create nor destroy money")
                .isEqualTo(8 * 1_000_000L);
    }

    /**
     * A future that times out says the outcome is unknown and a retry is safe; retrying with the same id after
     * the first send was decided completes with the stored decision as a replay, and the money moved once. The
     * first send goes through a client that reads an empty results topic, so it times out every time, however
     * fast the worker is.
     */
    @Test
    void aTimedOutTransferRetriedWithTheSameIdCompletesWithTheStoredOutcomeAsAReplay() throws Exception {
        String alice = funded("alice", 1_000);
        String bob = funded("bob", 0);
        Transfer transfer = TransferClient.newTransfer(alice, bob, 300, "EUR", "retry me");

        String unread = worker.resultsTopic() + ".unread";
        KafkaTopics.create(worker.bootstrap(), 1, unread);
        try (TransferClient deaf = worker.clientBuilder().resultsTopic(unread).build()) {
            deaf.ready().get(30, TimeUnit.SECONDS);
            Pending<Result> first = deaf.send(transfer, Duration.ofMillis(500));
            assertThatThrownBy(() -> first.result().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(ResultTimeoutException.class)
                    .hasMessageContaining(transfer.id().toString())
                    .hasMessageContaining("outcome is unknown")
                    .hasMessageContaining("retrying with the same id is safe");
        }

        Result original = client.await(transfer.id()).get(60, TimeUnit.SECONDS);
        assertThat(original.replay()).isFalse();
        assertThat(original.applied()).isTrue();

        TransferResult retried = client.transfer(transfer).get(60, TimeUnit.SECONDS);
        assertThat(retried.id()).isEqualTo(transfer.id());
        assertThat(retried.replay()).isTrue();
        assertThat(retried.status()).isEqualTo(Status.APPLIED);
        assertThat(retried.debitBalance()).isEqualTo(700);
        assertThat(retried.creditBalance()).isEqualTo(300);
        assertThat(worker.balance(alice)).isEqualTo(700);
        assertThat(worker.balance(bob)).isEqualTo(300);
    }

    /**
     * A client started after a decision has never read it; awaiting the id then reads the results topic from the
     * beginning and still finds the original result.
     */
    @Test
    void awaitsAnIdDecidedBeforeTheClientStarted() throws Exception {
        String carol = funded("carol", 50);
        TransferResult decided = client.transfer(carol, bank, 20, "EUR").get(60, TimeUnit.SECONDS);

        try (TransferClient late = worker.clientBuilder().recentResults(1).build()) {
            late.ready().get(30, TimeUnit.SECONDS);
            Result found = late.await(decided.id(), Duration.ofSeconds(60)).get(90, TimeUnit.SECONDS);
            assertThat(found).isEqualTo(decided);
            assertThat(late.inFlight()).isZero();
        }
    }

    /**
     * One id wrongly reused for two different transfers sent back to back, both futures waiting at once: each
     * gets the answer to its own command (the decision, and the reused-id rejection), and money moved once.
     */
    @Test
    void twoCommandsSharingAnIdEachGetTheirOwnAnswer() throws Exception {
        String kim = funded("kim", 100);
        CommandId id = CommandId.random();
        Transfer first = TransferClient.newTransfer(id, kim, bank, 10, "EUR", null);
        Transfer reused = TransferClient.newTransfer(id, kim, bank, 20, "EUR", null);

        CompletableFuture<TransferResult> firstAnswer = client.transfer(first);
        CompletableFuture<TransferResult> reusedAnswer = client.transfer(reused);

        TransferResult decided = firstAnswer.get(60, TimeUnit.SECONDS);
        assertThat(decided.status()).isEqualTo(Status.APPLIED);
        assertThat(decided.amount()).isEqualTo(10);
        assertThat(decided.replay()).isFalse();
        TransferResult refused = reusedAnswer.get(60, TimeUnit.SECONDS);
        assertThat(refused.reason()).isEqualTo(Reason.ID_REUSED_WITH_DIFFERENT_FIELDS);
        assertThat(refused.amount()).isEqualTo(20);
        assertThat(refused.replay()).isTrue();
        assertThat(worker.balance(kim)).isEqualTo(90);
    }

    /** Awaiting an id nobody sent times out with the same "unknown outcome" exception. */
    @Test
    void awaitingAnIdNeverSentTimesOut() {
        CommandId never = CommandId.random();
        assertThatThrownBy(() -> client.await(never, Duration.ofSeconds(2)).get(30, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(ResultTimeoutException.class)
                .hasMessageContaining(never.toString());
    }

    /** Fire-and-forget completes with the id on acknowledgement; the result can be awaited afterwards. */
    @Test
    void submitCompletesOnAcknowledgementAndTheResultCanBeAwaitedLater() throws Exception {
        String dave = funded("dave", 10);
        Transfer tooMuch = TransferClient.newTransfer(dave, bank, 11, "EUR", null);

        CommandId acknowledged = client.submit(tooMuch).get(30, TimeUnit.SECONDS);
        assertThat(acknowledged).isEqualTo(tooMuch.id());

        await().atMost(WAIT).untilAsserted(() -> {
            Result result = client.await(tooMuch.id()).get(60, TimeUnit.SECONDS);
            assertThat(result.status()).isEqualTo(Status.REJECTED);
            assertThat(result.reason()).isEqualTo(Reason.INSUFFICIENT_FUNDS);
        });
        assertThat(worker.balance(dave)).isEqualTo(10);
    }
}
