package dev.tally.producer.client;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tally.contracts.CommandId;
import dev.tally.contracts.Transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client's argument checks and failure modes that need no broker: the client points at a port where nothing
 * listens, so a check that let a bad command through would fail differently (later, with a connection error).
 */
class TransferClientTests {

    private TransferClient client;

    @BeforeEach
    void nothingListening() {
        client = TransferClient.builder()
                .bootstrapServers("127.0.0.1:1")
                .connectTimeout(Duration.ofSeconds(1))
                .defaultTimeout(Duration.ofSeconds(5))
                .build();
    }

    @AfterEach
    void close() {
        client.close();
    }

    /** The debit account is checked before sending, and the message names and quotes it. */
    @Test
    void rejectsAnInvalidDebitAccountNamingTheArgument() {
        assertThatThrownBy(() -> client.transfer("not valid", "bob", 10, "EUR"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("debitAccountId")
                .hasMessageContaining("\"not valid\"");
    }

    /** So is the credit account, including null. */
    @Test
    void rejectsAnInvalidCreditAccountNamingTheArgument() {
        assertThatThrownBy(() -> client.transfer("alice", "-bob", 10, "EUR"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("creditAccountId");
        assertThatThrownBy(() -> client.transfer("alice", null, 10, "EUR"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("creditAccountId");
    }

    /** Zero and negative amounts are refused naming amount. */
    @Test
    void rejectsAnAmountBelowOneMinorUnit() {
        assertThatThrownBy(() -> client.transfer("alice", "bob", 0, "EUR"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("amount must be at least 1");
        assertThatThrownBy(() -> client.transfer("alice", "bob", -5, "EUR"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was -5");
    }

    /** Lower-case, long, digit-bearing and empty currencies are refused. */
    @Test
    void rejectsACurrencyThatIsNotThreeUpperCaseLetters() {
        for (String currency : new String[] {"eur", "EURO", "E1R", ""}) {
            assertThatThrownBy(() -> client.transfer("alice", "bob", 1, currency))
                    .as(currency)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("currency must be three upper-case letters");
        }
    }

    /** Openings are checked too: negative limits and bad account ids. */
    @Test
    void rejectsBadOpeningsNamingTheArgument() {
        assertThatThrownBy(() -> client.openAccount("ok", "EUR", -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("overdraftLimit must be >= 0");
        assertThatThrownBy(() -> client.openFundingAccount("a b", "EUR"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("accountId");
    }

    /** Ids are fresh per command unless the caller brings one, which Pending exposes unchanged. */
    @Test
    void generatesAFreshIdForEveryCommandAndKeepsTheCallersId() {
        Transfer first = TransferClient.newTransfer("alice", "bob", 1, "EUR", null);
        Transfer second = TransferClient.newTransfer("alice", "bob", 1, "EUR", null);
        assertThat(first.id()).isNotEqualTo(second.id());

        CommandId mine = CommandId.random();
        Pending<?> pending = client.send(TransferClient.newTransfer(mine, "alice", "bob", 1, "EUR", "x"));
        assertThat(pending.id()).isEqualTo(mine);
    }

    /** Without a broker, the future fails with a PublishException naming the id, and nothing stays in flight. */
    @Test
    void failsTheFutureWithAPublishExceptionWhenNoBrokerCanBeReached() {
        Pending<?> pending = client.send(TransferClient.newTransfer("alice", "bob", 1, "EUR", null));
        assertThatThrownBy(() -> pending.result().get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(PublishException.class)
                .hasMessageContaining(pending.id().toString());
        assertThatThrownBy(() -> client.ready().get(20, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(PublishException.class);
        assertThat(client.inFlight()).isZero();
    }

    /** A closed client refuses new commands. */
    @Test
    void refusesCommandsOnceClosed() {
        client.close();
        assertThatThrownBy(() -> client.transfer("alice", "bob", 1, "EUR"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    /** A zero timeout is an argument error. */
    @Test
    void refusesANonPositiveTimeout() {
        assertThatThrownBy(() -> client.send(TransferClient.newTransfer("a", "b", 1, "EUR", null), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("timeout");
    }
}
