package dev.tally.producer.client;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.Reason;
import dev.tally.contracts.Transfer;
import dev.tally.contracts.TransferResult;

import static org.assertj.core.api.Assertions.assertThat;

/** The recent-results memory keeps each id's decision, prefers the original over replays, and stays bounded. */
class RecentResultsTests {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private static TransferResult applied(CommandId id) {
        Transfer transfer = new Transfer(id, new AccountId("alice"), new AccountId("bob"), 5, "EUR", null);
        return TransferResult.applied(transfer, 95, 5, NOW);
    }

    /** A replay seen first is replaced by the original when that arrives, and not the other way round. */
    @Test
    void prefersTheOriginalResultOverAReplay() {
        RecentResults recent = new RecentResults(10);
        CommandId id = CommandId.random();
        recent.remember(applied(id).withReplay(true));
        assertThat(recent.find(id).replay()).isTrue();
        recent.remember(applied(id));
        assertThat(recent.find(id).replay()).isFalse();
        recent.remember(applied(id).withReplay(true));
        assertThat(recent.find(id).replay()).isFalse();
    }

    /** A rejection for a reused id is an answer to another command, not this id's decision. */
    @Test
    void ignoresRejectionsOfAReusedId() {
        RecentResults recent = new RecentResults(10);
        CommandId id = CommandId.random();
        Transfer other = new Transfer(id, new AccountId("carol"), new AccountId("bob"), 7, "EUR", null);
        recent.remember(TransferResult.rejected(other, Reason.ID_REUSED_WITH_DIFFERENT_FIELDS, "reused", NOW)
                .withReplay(true));
        assertThat(recent.find(id)).isNull();
    }

    /** Beyond its capacity the oldest decision is forgotten first. */
    @Test
    void forgetsTheOldestBeyondItsCapacity() {
        RecentResults recent = new RecentResults(3);
        CommandId first = CommandId.random();
        recent.remember(applied(first));
        for (int i = 0; i < 3; i++) {
            recent.remember(applied(CommandId.random()));
        }
        assertThat(recent.size()).isEqualTo(3);
        assertThat(recent.find(first)).isNull();
    }
}
