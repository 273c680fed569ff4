package dev.tally.worker;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.CloseAccount;
import dev.tally.contracts.Command;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.LinkedTransfers;
import dev.tally.contracts.LinkedTransfersResult;
import dev.tally.contracts.OpenAccount;
import dev.tally.contracts.ParsedRecord;
import dev.tally.contracts.PostPending;
import dev.tally.contracts.Reason;
import dev.tally.contracts.Result;
import dev.tally.contracts.Transfer;
import dev.tally.contracts.TransferResult;
import dev.tally.contracts.VoidPending;
import dev.tally.worker.ledger.Ledger;
import dev.tally.worker.ledger.RecordSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holds, linked transfers and closings on the real database, driven through the ledger directly with an injected
 * clock, so that a hold's expiry can be put exactly at an instant and replays can be staged precisely.
 */
class HoldsLedgerIntegrationTests extends WorkerIntegrationTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    @Autowired
    private Ledger ledger;

    private final AtomicLong millis = new AtomicLong(T0.toEpochMilli());
    private final String topic = "holds-" + CommandId.random();
    private final AtomicLong offsets = new AtomicLong();

    @Test
    void expiresAHoldExactlyAtItsExpiresAtWithoutAnyOtherCommand() {
        // A hold of 60 of alice's 100 for 10 s: a debit of 50 one millisecond before expires_at is refused, the
        // same debit at expires_at is applied, with nothing else touching alice in between.
        AccountId alice = funded(100);
        AccountId bob = opened();
        TransferResult hold = (TransferResult) apply(Transfer.pending(CommandId.random(), alice, bob, 60, "EUR", null,
                10L));
        assertThat(hold.expiresAt()).isEqualTo(T0.plusSeconds(10));

        at(hold.expiresAt().minusMillis(1));
        Result before = apply(new Transfer(CommandId.random(), alice, bob, 50, "EUR", null));
        at(hold.expiresAt());
        Result after = apply(new Transfer(CommandId.random(), alice, bob, 50, "EUR", null));

        assertThat(before.reason()).isEqualTo(Reason.INSUFFICIENT_FUNDS);
        assertThat(after.applied()).as("%s", after).isTrue();
        assertThat(balance(alice)).isEqualTo(50);
        assertThat(pendingDebits(alice)).isZero();
        assertThat(jdbc.sql("SELECT state FROM holds WHERE id = ?").param(hold.id().value()).query(String.class)
                .single()).isEqualTo("EXPIRED");
    }

    @Test
    void rejectsAPostAfterExpiryAsPendingTransferExpired() {
        // At expires_at the hold no longer counts, so it can no longer be posted (or voided).
        AccountId alice = funded(100);
        AccountId bob = opened();
        TransferResult hold = (TransferResult) apply(Transfer.pending(CommandId.random(), alice, bob, 60, "EUR", null,
                5L));

        at(hold.expiresAt());
        Result post = apply(new PostPending(CommandId.random(), hold.id(), null));
        Result release = apply(new VoidPending(CommandId.random(), hold.id()));

        assertThat(post.reason()).isEqualTo(Reason.PENDING_TRANSFER_EXPIRED);
        assertThat(release.reason()).isEqualTo(Reason.PENDING_TRANSFER_EXPIRED);
        assertThat(balance(alice)).isEqualTo(100);
        assertThat(pendingDebits(alice)).isZero();
    }

    @Test
    void answersAPostRetriedAfterExpiryWithItsOriginalDecision() {
        // A post applied before expiry and retried after it (a new record, same id) gets the stored result again,
        // as a replay; nothing moves a second time.
        AccountId alice = funded(100);
        AccountId bob = opened();
        TransferResult hold = (TransferResult) apply(Transfer.pending(CommandId.random(), alice, bob, 60, "EUR", null,
                5L));
        PostPending post = new PostPending(CommandId.random(), hold.id(), 40L);
        Result first = apply(post);

        at(hold.expiresAt().plusSeconds(60));
        Result retry = apply(post);

        assertThat(first.applied()).isTrue();
        assertThat(retry).isEqualTo(first.withReplay(true));
        assertThat(balance(alice)).isEqualTo(60);
        assertThat(balance(bob)).isEqualTo(40);
    }

    @Test
    void replaysEveryNewCommandTypeWithItsStoredResult() {
        // Each v1.1 command sent again as a new record gets its stored result with replay true, not a second
        // decision; balances and holds stay as the first decisions left them.
        AccountId alice = funded(1000);
        AccountId bob = opened();
        AccountId empty = opened();
        Transfer hold = Transfer.pending(CommandId.random(), alice, bob, 100, "EUR", null, 60L);
        Transfer other = Transfer.pending(CommandId.random(), alice, bob, 50, "EUR", null, null);
        List<Command> commands = List.of(hold, other, new PostPending(CommandId.random(), hold.id(), 70L),
                new VoidPending(CommandId.random(), other.id()),
                new LinkedTransfers(CommandId.random(), List.of(new LinkedTransfers.Leg(alice, bob, 5, "EUR", null),
                        new LinkedTransfers.Leg(bob, alice, 2, "EUR", null))),
                new LinkedTransfers(CommandId.random(), List.of(new LinkedTransfers.Leg(empty, bob, 5, "EUR", null))),
                new CloseAccount(CommandId.random(), empty),
                new PostPending(CommandId.random(), CommandId.random(), null));
        List<Result> firsts = new ArrayList<>();
        for (Command command : commands) {
            firsts.add(apply(command));
        }
        long aliceBalance = balance(alice);

        for (int i = 0; i < commands.size(); i++) {
            assertThat(apply(commands.get(i))).as("replay of %s", commands.get(i))
                    .isEqualTo(firsts.get(i).withReplay(true));
        }
        assertThat(firsts).extracting(Result::reason).containsExactly(null, null, null, null, null,
                Reason.INSUFFICIENT_FUNDS, null, Reason.PENDING_TRANSFER_NOT_FOUND);
        assertThat(balance(alice)).isEqualTo(aliceBalance).isEqualTo(1000 - 70 - 5 + 2);
        assertThat(pendingDebits(alice)).isZero();
        for (AccountId account : List.of(alice, bob)) {
            assertThat(journal(account)).as("movements of %s", account).isEqualTo(balance(account));
        }
    }

    /** The account's credits minus its debits in the view of every movement of posted money. */
    private long journal(AccountId id) {
        return jdbc.sql("""
                        SELECT coalesce(sum(CASE WHEN credit_account_id = :id THEN amount ELSE -amount END), 0)
                        FROM movements
                        WHERE credit_account_id = :id OR debit_account_id = :id
                        """)
                .param("id", id.value()).query(Long.class).single();
    }

    @Test
    void appliesNoLegWhenTheThirdOfFiveFails() {
        // Five legs over four accounts whose third cannot be afforded: the result names leg 2, and every balance
        // is exactly as before, although legs 0, 1, 3 and 4 would each have fitted.
        AccountId alice = funded(100);
        AccountId bob = funded(10);
        AccountId carol = opened();
        AccountId dave = opened();
        List<LinkedTransfers.Leg> legs = List.of(new LinkedTransfers.Leg(alice, carol, 10, "EUR", null),
                new LinkedTransfers.Leg(alice, dave, 10, "EUR", null),
                new LinkedTransfers.Leg(bob, carol, 11, "EUR", null),
                new LinkedTransfers.Leg(alice, bob, 10, "EUR", null),
                new LinkedTransfers.Leg(carol, dave, 5, "EUR", null));

        LinkedTransfersResult result = (LinkedTransfersResult) apply(new LinkedTransfers(CommandId.random(), legs));

        assertThat(result.reason()).isEqualTo(Reason.INSUFFICIENT_FUNDS);
        assertThat(result.failedLeg()).isEqualTo(2);
        assertThat(result.detail()).startsWith("leg 2: ");
        assertThat(result.legs()).isEmpty();
        assertThat(List.of(balance(alice), balance(bob), balance(carol), balance(dave)))
                .containsExactly(100L, 10L, 0L, 0L);
        assertThat(jdbc.sql("SELECT count(*) FROM linked_legs WHERE linked_id = ?").param(result.id().value())
                .query(Long.class).single()).isZero();
    }

    @Test
    void letsAChainThroughOneAccountTwiceSeeItsOwnEarlierLegs() {
        // bob starts empty: he can pass on 100 only because leg 0 gave it to him, and can pay dave 50 only
        // because carol sent 50 back in leg 2; each leg reports bob's balance as that leg left it.
        AccountId alice = funded(100);
        AccountId bob = opened();
        AccountId carol = opened();
        AccountId dave = opened();

        LinkedTransfersResult result = (LinkedTransfersResult) apply(new LinkedTransfers(CommandId.random(), List.of(
                new LinkedTransfers.Leg(alice, bob, 100, "EUR", null),
                new LinkedTransfers.Leg(bob, carol, 100, "EUR", null),
                new LinkedTransfers.Leg(carol, bob, 50, "EUR", null),
                new LinkedTransfers.Leg(bob, dave, 50, "EUR", null))));

        assertThat(result.applied()).as("%s", result).isTrue();
        assertThat(result.legs()).containsExactly(new LinkedTransfersResult.LegBalances(0, 100),
                new LinkedTransfersResult.LegBalances(0, 100), new LinkedTransfersResult.LegBalances(50, 50),
                new LinkedTransfersResult.LegBalances(0, 50));
        assertThat(List.of(balance(alice), balance(bob), balance(carol), balance(dave)))
                .containsExactly(0L, 0L, 50L, 50L);
    }

    @Test
    void closesAnAccountWhoseOnlyHoldExpired() {
        // An expired hold is no live hold: the close releases it and goes through.
        AccountId alice = funded(100);
        AccountId shop = opened();
        TransferResult hold = (TransferResult) apply(Transfer.pending(CommandId.random(), alice, shop, 60, "EUR", null,
                1L));
        assertThat(apply(new CloseAccount(CommandId.random(), shop)).reason()).isEqualTo(Reason.ACCOUNT_HAS_PENDING);

        at(hold.expiresAt());
        Result closed = apply(new CloseAccount(CommandId.random(), shop));

        assertThat(closed.applied()).as("%s", closed).isTrue();
        assertThat(pendingDebits(alice)).isZero();
    }

    private Result apply(Command command) {
        Clock clock = Clock.fixed(Instant.ofEpochMilli(millis.get()), ZoneOffset.UTC);
        return ledger.withOperatorTopic(topic).withClock(clock).apply(new ParsedRecord.Valid(command),
                new RecordSource(topic, 0, offsets.getAndIncrement()));
    }

    private void at(Instant instant) {
        millis.set(instant.toEpochMilli());
    }

    private AccountId opened() {
        AccountId id = newAccount("acct");
        assertThat(apply(OpenAccount.bounded(CommandId.random(), id, "EUR", 0)).applied()).isTrue();
        return id;
    }

    private AccountId funded(long amount) {
        AccountId bank = newAccount("bank");
        assertThat(apply(OpenAccount.unbounded(CommandId.random(), bank, "EUR")).applied()).isTrue();
        AccountId id = opened();
        assertThat(apply(new Transfer(CommandId.random(), bank, id, amount, "EUR", null)).applied()).isTrue();
        return id;
    }

    private long pendingDebits(AccountId id) {
        return jdbc.sql("SELECT pending_debits FROM accounts WHERE id = ?").param(id.value()).query(Long.class)
                .single();
    }
}
