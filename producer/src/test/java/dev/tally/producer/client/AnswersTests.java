package dev.tally.producer.client;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.OpenAccount;
import dev.tally.contracts.OpenAccountResult;
import dev.tally.contracts.Reason;
import dev.tally.contracts.Status;
import dev.tally.contracts.Transfer;
import dev.tally.contracts.TransferResult;

import static org.assertj.core.api.Assertions.assertThat;

/** A result answers a command only when its id, type and echoed fields match, so a reused id cannot cross wires. */
class AnswersTests {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final CommandId ID = CommandId.random();
    private static final Transfer TEN = new Transfer(ID, new AccountId("a"), new AccountId("b"), 10, "EUR", "x");
    private static final Transfer TWENTY = new Transfer(ID, new AccountId("a"), new AccountId("b"), 20, "EUR", "x");

    /** The decision on the first command answers it, not the second command that reused its id. */
    @Test
    void aResultAnswersOnlyTheCommandWhoseFieldsItEchoes() {
        TransferResult decided = TransferResult.applied(TEN, 90, 10, NOW);
        assertThat(Answers.answers(TEN, decided)).isTrue();
        assertThat(Answers.answers(TWENTY, decided)).isFalse();

        TransferResult reused = TransferResult.rejected(TWENTY, Reason.ID_REUSED_WITH_DIFFERENT_FIELDS, "reused", NOW)
                .withReplay(true);
        assertThat(Answers.answers(TWENTY, reused)).isTrue();
        assertThat(Answers.answers(TEN, reused)).isFalse();
        assertThat(Answers.isDecision(reused)).isFalse();
        assertThat(Answers.isDecision(decided.withReplay(true))).isTrue();
    }

    /** Another id, or another type under the same id, never answers. */
    @Test
    void anotherIdOrTypeNeverAnswers() {
        Transfer other = new Transfer(CommandId.random(), new AccountId("a"), new AccountId("b"), 10, "EUR", "x");
        assertThat(Answers.answers(other, TransferResult.applied(TEN, 90, 10, NOW))).isFalse();
        OpenAccount open = OpenAccount.bounded(ID, new AccountId("a"), "EUR", 0);
        assertThat(Answers.answers(open, TransferResult.applied(TEN, 90, 10, NOW))).isFalse();
        assertThat(Answers.answers(open, OpenAccountResult.applied(open, NOW))).isTrue();
        assertThat(Answers.answers(OpenAccount.unbounded(ID, new AccountId("a"), "EUR"),
                OpenAccountResult.applied(open, NOW))).isFalse();
    }

    /** The result of a command whose own fields were invalid echoes nothing, and is accepted by id and type. */
    @Test
    void aResultWithoutEchoIsAcceptedByIdAndType() {
        TransferResult invalid = new TransferResult(ID, Status.REJECTED, Reason.INVALID_COMMAND, "bad", false,
                null, null, null, null, null, null, null, NOW);
        assertThat(Answers.answers(TEN, invalid)).isTrue();
    }

    /**
     * Only the rejection of an unreadable command echoes nothing; any other result without an echo (an applied one,
     * a rejection for funds, for either command type) answers no waiter, since it may answer another command that
     * reused the id.
     */
    @Test
    void aResultWithoutEchoThatIsNotAnInvalidCommandsRejectionAnswersNothing() {
        TransferResult applied = new TransferResult(ID, Status.APPLIED, null, null, false,
                null, null, 10L, null, null, 90L, 10L, NOW);
        TransferResult poor = new TransferResult(ID, Status.REJECTED, Reason.INSUFFICIENT_FUNDS, "poor", false,
                null, null, null, null, null, null, null, NOW);
        OpenAccount open = OpenAccount.bounded(ID, new AccountId("a"), "EUR", 0);
        OpenAccountResult opened = new OpenAccountResult(ID, Status.APPLIED, null, null, false, null, null, 0L,
                false, NOW);
        OpenAccountResult invalidOpening = new OpenAccountResult(ID, Status.REJECTED, Reason.INVALID_COMMAND, "bad",
                false, null, null, null, null, NOW);

        assertThat(Answers.answers(TEN, applied)).isFalse();
        assertThat(Answers.answers(TEN, poor)).isFalse();
        assertThat(Answers.answers(open, opened)).isFalse();
        assertThat(Answers.answers(open, invalidOpening)).isTrue();
    }
}
