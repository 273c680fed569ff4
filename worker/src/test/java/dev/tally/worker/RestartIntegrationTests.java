package dev.tally.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.Command;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.OpenAccount;
import dev.tally.contracts.Result;
import dev.tally.contracts.Transfer;
import dev.tally.testkit.TallyServices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Restarts and rebalances mid-stream: while 3,000 transfers are being decided, the worker's listener container is
 * stopped and started again, then a second worker instance joins the consumer group (taking over partitions) and
 * later leaves it. Nothing may be lost and nothing applied or answered twice.
 */
class RestartIntegrationTests extends WorkerIntegrationTest {

    private static final int ACCOUNTS = 20;
    private static final int TRANSFERS = 3_000;
    private static final long INITIAL_BALANCE = 5_000;

    @Autowired
    private KafkaListenerEndpointRegistry listeners;

    @Test
    void losesNothingAndAppliesNothingTwiceAcrossListenerRestartAndRebalances() {
        List<AccountId> accounts = openAndFund();
        List<CommandId> ids = new ArrayList<>();
        MessageListenerContainer container = listeners.getListenerContainer("tally-commands");

        // Wave 1, then the listener container is stopped and started again while it is being decided.
        publish(accounts, ids, TRANSFERS / 3);
        awaitDecided(ids, TRANSFERS / 10);
        container.stop();
        container.start();

        // Wave 2 and 3 with a second instance in the group: it takes over partitions, then leaves mid-stream.
        publish(accounts, ids, TRANSFERS / 3);
        try (ConfigurableApplicationContext second = startSecondInstance()) {
            MessageListenerContainer secondContainer = second.getBean(KafkaListenerEndpointRegistry.class)
                    .getListenerContainer("tally-commands");
            await().atMost(TIMEOUT).until(() -> !secondContainer.getAssignedPartitions().isEmpty());
            publish(accounts, ids, TRANSFERS - ids.size());
            awaitDecided(ids, TRANSFERS * 3 / 4);
        }

        await().atMost(TIMEOUT.multipliedBy(2)).until(() -> decided(ids) == TRANSFERS);
        for (CommandId id : ids) {
            List<Result> results = harness().results(id);
            assertThat(results).as("results of %s", id).hasSize(1);
            assertThat(results.get(0).replay()).isFalse();
        }
        assertThat(jdbc.sql("SELECT count(*) FROM transfers WHERE id = ANY(?)")
                .param(ids.stream().map(CommandId::value).toArray(java.util.UUID[]::new))
                .query(Long.class).single()).isEqualTo(TRANSFERS);
        long total = 0;
        for (AccountId account : accounts) {
            long balance = balance(account);
            assertThat(balance).isGreaterThanOrEqualTo(0);
            long journal = jdbc.sql("""
                            SELECT coalesce(sum(CASE WHEN credit_account_id = :id THEN amount ELSE -amount END), 0)
                            FROM transfers
                            WHERE status = 'APPLIED' AND (credit_account_id = :id OR debit_account_id = :id)
                            """)
                    .param("id", account.value()).query(Long.class).single();
            assertThat(journal).as("journal of %s", account).isEqualTo(balance);
            total += balance;
        }
        assertThat(total).isEqualTo(ACCOUNTS * INITIAL_BALANCE);
    }

    /** A second worker in the same consumer group, as another process would be, with its own producer ids. */
    private ConfigurableApplicationContext startSecondInstance() {
        TallyServices services = TallyServices.get();
        // Command-line arguments, so that they win over application.yml as a deployment's settings would.
        Map<String, Object> properties = Map.of(
                "spring.datasource.url", services.jdbcUrl(),
                "spring.datasource.username", services.jdbcUser(),
                "spring.datasource.password", services.jdbcPassword(),
                "spring.kafka.bootstrap-servers", services.kafkaBootstrap(),
                "tally.worker.topics.commands", settings.topics().commands(),
                "tally.worker.topics.results", settings.topics().results(),
                "tally.worker.topics.dead-letters", settings.topics().deadLetters(),
                "tally.worker.topics.partitions", settings.topics().partitions(),
                "tally.worker.group-id", settings.groupId(),
                "tally.worker.instance-id", "second-" + CommandId.random());
        String[] args = properties.entrySet().stream()
                .map(property -> "--" + property.getKey() + "=" + property.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(WorkerApplication.class).web(WebApplicationType.NONE).run(args);
    }

    private static void publish(List<AccountId> accounts, List<CommandId> ids, int count) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < count; i++) {
            int from = random.nextInt(ACCOUNTS);
            int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
            Transfer transfer = new Transfer(CommandId.random(), accounts.get(from), accounts.get(to),
                    1 + random.nextInt(900), "EUR", null);
            harness().sendAsync(transfer);
            ids.add(transfer.id());
        }
        harness().flush();
    }

    private static void awaitDecided(List<CommandId> ids, int count) {
        await().atMost(TIMEOUT).until(() -> decided(ids) >= count);
    }

    private static long decided(List<CommandId> ids) {
        return ids.stream().filter(id -> !harness().results(id).isEmpty()).count();
    }

    private static List<AccountId> openAndFund() {
        AccountId bank = openFunding("restart-bank", "EUR");
        List<AccountId> accounts = new ArrayList<>();
        List<Command> openings = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            AccountId account = newAccount("restart");
            accounts.add(account);
            openings.add(OpenAccount.bounded(CommandId.random(), account, "EUR", 0));
        }
        awaitApplied(openings);
        awaitApplied(accounts.stream()
                .<Command>map(a -> new Transfer(CommandId.random(), bank, a, INITIAL_BALANCE, "EUR", null))
                .toList());
        return accounts;
    }

    private static void awaitApplied(List<Command> commands) {
        commands.forEach(harness()::sendAsync);
        harness().flush();
        await().atMost(TIMEOUT).until(() -> commands.stream().noneMatch(c -> harness().results(c.id()).isEmpty()));
        assertThat(commands).allMatch(c -> harness().results(c.id()).get(0).applied());
    }
}
