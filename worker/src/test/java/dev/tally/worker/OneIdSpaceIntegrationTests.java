package dev.tally.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.Command;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.OpenAccount;
import dev.tally.contracts.Reason;
import dev.tally.contracts.Result;
import dev.tally.contracts.Transfer;
import dev.tally.contracts.TransferResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One id space across every command type: the same id used at once for a transfer and for an account opening,
 * which are keyed by different accounts and so travel on different partitions to different consumers, is decided
 * once. The other command gets {@code ID_REUSED_WITH_DIFFERENT_FIELDS} as a replay, and only one decision is stored.
 */
class OneIdSpaceIntegrationTests extends WorkerIntegrationTest {

    private static final int PAIRS = 300;

    @Autowired
    private KafkaListenerEndpointRegistry listeners;

    @Test
    void decidesAnIdUsedConcurrentlyForATransferAndAnOpeningExactlyOnce() {
        // 300 pairs in one burst, through Kafka, to the worker's two consumers: each pair is a transfer from alice
        // (alice's partition) and an opening of a fresh account (that account's partition) carrying the same id.
        AccountId alice = openFunded("alice", PAIRS);
        AccountId bob = open("bob", "EUR", 0);
        List<CommandId> ids = new ArrayList<>();
        List<AccountId> openings = new ArrayList<>();
        // Paused while the burst is published, so that each consumer then polls a large batch of it at once and
        // the two consumers' database transactions overlap, as under load.
        MessageListenerContainer consumers = listeners.getListenerContainer("tally-commands");
        consumers.pause();
        try {
            await().atMost(TIMEOUT).until(consumers::isContainerPaused);
            for (int i = 0; i < PAIRS; i++) {
                CommandId id = CommandId.random();
                AccountId carol = newAccount("carol");
                Command transfer = new Transfer(id, alice, bob, 1, "EUR", null);
                Command opening = OpenAccount.bounded(id, carol, "EUR", 0);
                harness().sendAsync(i % 2 == 0 ? transfer : opening);
                harness().sendAsync(i % 2 == 0 ? opening : transfer);
                ids.add(id);
                openings.add(carol);
            }
            harness().flush();
        } finally {
            consumers.resume();
        }

        await().atMost(TIMEOUT).until(() -> ids.stream().allMatch(id -> harness().results(id).size() >= 2));
        int transfersDecided = 0;
        for (CommandId id : ids) {
            List<Result> results = harness().results(id);
            assertThat(results).as("results of %s", id).hasSize(2);
            assertThat(results).as("results of %s", id).filteredOn(result -> !result.replay()).hasSize(1);
            Result reused = results.stream().filter(Result::replay).findFirst().orElseThrow();
            assertThat(reused.reason()).as("%s", reused).isEqualTo(Reason.ID_REUSED_WITH_DIFFERENT_FIELDS);
            Result decided = results.stream().filter(result -> !result.replay()).findFirst().orElseThrow();
            if (decided instanceof TransferResult) {
                transfersDecided++;
            }
        }
        UUID[] values = ids.stream().map(CommandId::value).toArray(UUID[]::new);
        long stored = jdbc.sql("""
                        SELECT (SELECT count(*) FROM transfers WHERE id = ANY(:ids))
                             + (SELECT count(*) FROM account_openings WHERE id = ANY(:ids))
                        """)
                .param("ids", values).query(Long.class).single();
        assertThat(stored).as("stored decisions of %d ids", PAIRS).isEqualTo(PAIRS);
        long opened = jdbc.sql("SELECT count(*) FROM accounts WHERE id = ANY(?)")
                .param(openings.stream().map(AccountId::value).toArray(String[]::new)).query(Long.class).single();
        assertThat(opened).isEqualTo(PAIRS - transfersDecided);
        assertThat(balance(alice)).isEqualTo(PAIRS - transfersDecided);
        assertThat(balance(bob)).isEqualTo(transfersDecided);
    }
}
