package dev.tally.producer.client;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.CloseAccount;
import dev.tally.contracts.CloseAccountResult;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.LinkedTransfers;
import dev.tally.contracts.LinkedTransfersResult;
import dev.tally.contracts.PendingResolutionResult;
import dev.tally.contracts.PostPending;
import dev.tally.contracts.Reason;
import dev.tally.contracts.Transfer;
import dev.tally.contracts.TransferResult;
import dev.tally.contracts.VoidPending;

import static org.assertj.core.api.Assertions.assertThat;

/** Results of contract v1.1's commands answer their own command only: same id, type and echoed fields. */
class LedgerAnswersTests {

    private static final Instant NOW = Instant.parse("2026-11-27T08:00:00Z");
    private static final AccountId ALICE = new AccountId("alice");
    private static final AccountId SHOP = new AccountId("shop");
    private static final CommandId ID = CommandId.random();
    private static final CommandId HOLD = CommandId.random();

    /** A hold and a plain transfer with the same id and fields are different commands. */
    @Test
    void aHoldsResultDoesNotAnswerAPlainTransferWithItsId() {
        Transfer hold = Transfer.pending(ID, ALICE, SHOP, 10, "EUR", null, 60L);
        Transfer plain = new Transfer(ID, ALICE, SHOP, 10, "EUR", null);
        TransferResult held = TransferResult.applied(hold, 100, 0, NOW);
        assertThat(Answers.answers(hold, held)).isTrue();
        assertThat(Answers.answers(plain, held)).isFalse();
        assertThat(Answers.answers(hold, TransferResult.applied(plain, 90, 10, NOW))).isFalse();
    }

    /** A post's result answers it when the pending id and (when the post names one) the amount agree. */
    @Test
    void aPostsResultAnswersThePostOfItsHold() {
        PostPending post = new PostPending(ID, HOLD, 40L);
        PendingResolutionResult moved40 = PendingResolutionResult.applied(post, HOLD, ALICE, SHOP, 40, "EUR", 60, 40,
                NOW);
        assertThat(Answers.answers(post, moved40)).isTrue();
        assertThat(Answers.answers(new PostPending(ID, HOLD, 50L), moved40)).isFalse();
        assertThat(Answers.answers(new PostPending(ID, HOLD, null), moved40)).isTrue();
        assertThat(Answers.answers(new PostPending(ID, CommandId.random(), 40L), moved40)).isFalse();
        PendingResolutionResult notFound = PendingResolutionResult.rejected(post, HOLD, null, null, null,
                Reason.PENDING_TRANSFER_NOT_FOUND, "no hold", NOW);
        assertThat(Answers.answers(post, notFound)).isTrue();
        VoidPending release = new VoidPending(ID, HOLD);
        assertThat(Answers.answers(release, moved40)).as("a post's result never answers a void").isFalse();
        assertThat(Answers.answers(release, PendingResolutionResult.applied(release, HOLD, ALICE, SHOP, 100, "EUR",
                100, 0, NOW))).isTrue();
    }

    /** A linked result answers a linked command with as many legs; a closing's, the closing of its account. */
    @Test
    void linkedAndClosingResultsAnswerTheirCommands() {
        LinkedTransfers.Leg leg = new LinkedTransfers.Leg(ALICE, SHOP, 5, "EUR", null);
        LinkedTransfers two = new LinkedTransfers(ID, List.of(leg, leg));
        LinkedTransfersResult applied = LinkedTransfersResult.applied(two,
                List.of(new LinkedTransfersResult.LegBalances(95, 5), new LinkedTransfersResult.LegBalances(90, 10)),
                NOW);
        assertThat(Answers.answers(two, applied)).isTrue();
        assertThat(Answers.answers(new LinkedTransfers(ID, List.of(leg)), applied)).isFalse();
        assertThat(Answers.answers(new LinkedTransfers(ID, List.of(leg)),
                LinkedTransfersResult.rejected(two, 1, Reason.INSUFFICIENT_FUNDS, "x", NOW))).isFalse();

        CloseAccount close = new CloseAccount(ID, ALICE);
        assertThat(Answers.answers(close, CloseAccountResult.applied(close, NOW))).isTrue();
        assertThat(Answers.answers(new CloseAccount(ID, SHOP), CloseAccountResult.applied(close, NOW))).isFalse();
    }
}
