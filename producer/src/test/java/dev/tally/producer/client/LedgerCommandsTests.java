package dev.tally.producer.client;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.LinkedTransfers;
import dev.tally.contracts.PostPending;
import dev.tally.contracts.Transfer;
import dev.tally.contracts.TransferResult;
import dev.tally.contracts.VoidPending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The argument checks of the hold, post, void, linked and close methods, which need no broker: the client points at
 * a port where nothing listens, so a check that let a bad argument through would fail later and differently.
 */
class LedgerCommandsTests {

    private static final Instant NOW = Instant.parse("2026-11-27T08:00:00Z");

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

    /** A hold checks its accounts, amount and currency as a transfer does, naming each argument. */
    @Test
    void aHoldNamesItsBadArgument() {
        assertThatThrownBy(() -> client.hold("not valid", "shop", 10, "EUR", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("debitAccountId");
        assertThatThrownBy(() -> client.hold("alice", "", 10, "EUR", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("creditAccountId");
        assertThatThrownBy(() -> client.hold("alice", "shop", 0, "EUR", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("amount must be at least 1");
        assertThatThrownBy(() -> client.hold("alice", "shop", 10, "eur", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("currency");
    }

    /** The timeout must be whole seconds within the contract's 1 s to 365 days; null means no expiry. */
    @Test
    void aHoldTimeoutOutsideTheContractIsNamed() {
        for (Duration bad : List.of(Duration.ZERO, Duration.ofMillis(1500), Duration.ofDays(366),
                Duration.ofSeconds(-5))) {
            assertThatThrownBy(() -> client.hold("alice", "shop", 10, "EUR", bad)).as(bad.toString())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout must be whole seconds");
        }
        Transfer never = LedgerCommands.hold("alice", "shop", 10, "EUR", null, null);
        assertThat(never.pending()).isTrue();
        assertThat(never.timeoutSeconds()).isNull();
        assertThat(LedgerCommands.hold("alice", "shop", 10, "EUR", Duration.ofDays(365), "x").timeoutSeconds())
                .isEqualTo(31_536_000L);
    }

    /** A post amount below 1 is refused naming amount; a null pending id names pendingId. */
    @Test
    void aPostNamesItsBadArgument() {
        assertThatThrownBy(() -> LedgerCommands.post(CommandId.random(), CommandId.random(), 0L))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("amount must be at least 1");
        assertThatThrownBy(() -> LedgerCommands.post(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("pendingId");
        assertThatThrownBy(() -> LedgerCommands.voidHold(CommandId.random(), null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("pendingId");
        PostPending all = LedgerCommands.post(CommandId.random());
        assertThat(all.amount()).isNull();
    }

    /** Posting or voiding the result of a plain transfer is refused before sending: it is no hold. */
    @Test
    void postingAPlainTransferIsRefusedNamingHold() {
        Transfer plain = TransferClient.newTransfer("alice", "shop", 10, "EUR", null);
        TransferResult result = TransferResult.applied(plain, 90, 10, NOW);
        assertThatThrownBy(() -> client.post(result)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hold must be the result of a pending transfer");
        assertThatThrownBy(() -> client.voidHold(result)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hold must be");
        assertThatThrownBy(() -> client.post(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("hold");
        TransferResult hold = TransferResult.applied(LedgerCommands.hold("alice", "shop", 10, "EUR", null, null), 100,
                0, NOW);
        assertThatThrownBy(() -> client.post(hold, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("amount must be at least 1");
    }

    /**
     * A post or void names no account, so sending it without its hold's debit account is refused at once (it would
     * otherwise land on any partition, maybe before its hold); resolve() only takes posts and voids.
     */
    @Test
    void aPostOrVoidIsNeverSentWithoutItsHoldsKey() {
        PostPending post = LedgerCommands.post(CommandId.random());
        assertThatThrownBy(() -> client.send(post)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("post_pending names no account");
        assertThatThrownBy(() -> client.submit(new VoidPending(CommandId.random(), CommandId.random())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("void_pending names no account");
        assertThatThrownBy(() -> client.resolve(LedgerCommands.close("alice")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("command must be a post_pending or void_pending");
        assertThatThrownBy(() -> client.send(post, null, Duration.ofSeconds(1)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("orderingKey");
    }

    /** Linked legs are checked one by one; the count must be 1 to 100, and the command must fit in 64 KiB. */
    @Test
    void linkedLegsAreCheckedAndCounted() {
        assertThatThrownBy(() -> LedgerCommands.leg("alice", "alice!", 1, "EUR", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("creditAccountId");
        assertThatThrownBy(() -> client.linked(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("legs must hold 1-100 legs, held 0");
        LinkedTransfers.Leg leg = LedgerCommands.leg("alice", "shop", 1, "EUR", null);
        assertThatThrownBy(() -> client.linked(Collections.nCopies(101, leg)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("held 101");
        List<LinkedTransfers.Leg> withNull = new ArrayList<>(List.of(leg));
        withNull.add(null);
        assertThatThrownBy(() -> client.linked(withNull)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("legs[1] is null");
        // 256 characters of three UTF-8 bytes each: 100 such legs are above 64 KiB.
        LinkedTransfers.Leg long256 = LedgerCommands.leg("alice", "shop", 1, "EUR", "\u20ac".repeat(256));
        assertThatThrownBy(() -> LedgerCommands.linked(Collections.nCopies(100, long256)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("above the 65536");
        assertThat(LedgerCommands.linked(List.of(leg, leg)).orderingKey()).isEqualTo(new AccountId("alice"));
    }

    /** A closing names a bad account id. */
    @Test
    void aClosingNamesItsBadAccount() {
        assertThatThrownBy(() -> client.closeAccount("-alice")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("accountId must be").hasMessageContaining("\"-alice\"");
        assertThatThrownBy(() -> client.closeAccount((String) null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("accountId");
    }
}
