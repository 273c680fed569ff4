package dev.tally.contracts;

import static dev.tally.contracts.WireJson.ID;
import static dev.tally.contracts.WireJson.PENDING_ID;
import static dev.tally.contracts.WireJson.assertInvalidCommand;
import static dev.tally.contracts.WireJson.parseInvalid;
import static dev.tally.contracts.WireJson.parseValid;
import static dev.tally.contracts.WireJson.postPending;
import static dev.tally.contracts.WireJson.quote;
import static dev.tally.contracts.WireJson.voidPending;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The field rules of {@code post_pending} and {@code void_pending} (contract v1.1). */
class PendingResolutionParsingTests {

    @Test
    void readsAPostWithoutAmountAsPostingTheWholeHold() {
        // Proves the post amount is optional and absent and null both mean "the held amount".
        PostPending expected = new PostPending(CommandId.parse(ID), CommandId.parse(PENDING_ID), null);

        assertThat(parseValid(postPending())).isEqualTo(expected);
        assertThat(parseValid(postPending("amount", "null"))).isEqualTo(expected);
        assertThat(expected.orderingKey()).isNull();
    }

    @Test
    void readsAPostOfASmallerAmount() {
        // Proves an amount is read up to 2^63-1, and an upper-case pending id is read as the same id.
        assertThat(parseValid(postPending("amount", "4200", "pending_id", quote(PENDING_ID.toUpperCase()))))
                .isEqualTo(new PostPending(CommandId.parse(ID), CommandId.parse(PENDING_ID), 4200L));
        assertThat(((PostPending) parseValid(postPending("amount", "9223372036854775807"))).amount())
                .isEqualTo(Long.MAX_VALUE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "-9223372036854775809"})
    void rejectsAPostAmountAtOrBelowZeroAsInvalidAmount(String amount) {
        // Proves the contract's rule: a post amount <= 0 is INVALID_AMOUNT, naming the amount.
        ParsedRecord.Invalid invalid = parseInvalid(postPending("amount", amount));

        assertThat(invalid.reason()).isEqualTo(Reason.INVALID_AMOUNT);
        assertThat(invalid.type()).isEqualTo(CommandType.POST_PENDING);
        assertThat(invalid.detail()).contains("amount");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "\"10\"", "true", "9223372036854775808"})
    void rejectsAPostAmountThatIsNotA64BitIntegerAsInvalidCommand(String amount) {
        // Proves the other amount rules of v1 hold for a post: a fraction, a string, a boolean or a value above
        // 2^63-1 is INVALID_COMMAND.
        assertInvalidCommand(postPending("amount", amount), "amount");
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "42", "\"not-a-uuid\"", "\"5d2c1b0a9f8e4d7c8b6a5f4e3d2c1b0a\"", "[]"})
    void rejectsAMissingOrMalformedPendingIdOfAPostAsInvalidCommand(String pendingId) {
        // Proves pending_id must be a UUID string in canonical form.
        assertInvalidCommand(postPending("pending_id", pendingId), "pending_id");
    }

    @Test
    void rejectsAPostWithoutPendingIdAsInvalidCommand() {
        // Proves pending_id is required, and checked before the amount.
        assertInvalidCommand(postPending("pending_id", null, "amount", "0"), "pending_id");
    }

    @Test
    void readsAVoidOfThePendingTransfer() {
        // Proves a void carries only the pending transfer's id; an amount on it is an unknown field, ignored.
        assertThat(parseValid(voidPending("amount", "12")))
                .isEqualTo(new VoidPending(CommandId.parse(ID), CommandId.parse(PENDING_ID)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "7", "\"x\""})
    void rejectsAMissingOrMalformedPendingIdOfAVoidAsInvalidCommand(String pendingId) {
        // Proves a void names its pending transfer by a UUID, like a post.
        ParsedRecord.Invalid invalid = assertInvalidCommand(voidPending("pending_id", pendingId), "pending_id");

        assertThat(invalid.type()).isEqualTo(CommandType.VOID_PENDING);
        assertInvalidCommand(voidPending("pending_id", null), "pending_id");
    }

    @Test
    void fingerprintsAPostApartFromAVoidAndFromAnotherAmount() {
        // Proves a reused id is caught across the two types and across amounts.
        String whole = new PostPending(CommandId.parse(ID), CommandId.parse(PENDING_ID), null).canonicalFields();
        String part = new PostPending(CommandId.parse(ID), CommandId.parse(PENDING_ID), 1L).canonicalFields();
        String release = new VoidPending(CommandId.parse(ID), CommandId.parse(PENDING_ID)).canonicalFields();

        assertThat(whole).isNotEqualTo(part).isNotEqualTo(release);
    }
}
