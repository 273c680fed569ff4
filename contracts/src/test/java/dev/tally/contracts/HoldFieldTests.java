package dev.tally.contracts;

import static dev.tally.contracts.WireJson.assertInvalidCommand;
import static dev.tally.contracts.WireJson.parseInvalid;
import static dev.tally.contracts.WireJson.parseTransfer;
import static dev.tally.contracts.WireJson.transfer;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The v1.1 fields of a transfer: {@code pending} and {@code timeout_seconds}. */
class HoldFieldTests {

    @Test
    void readsPendingTrueWithATimeoutAsAHold() {
        // Proves a hold keeps every transfer field and adds pending and its timeout.
        Transfer hold = parseTransfer(transfer("pending", "true", "timeout_seconds", "3600"));

        assertThat(hold.pending()).isTrue();
        assertThat(hold.timeoutSeconds()).isEqualTo(3600L);
        assertThat(hold.amount()).isEqualTo(1250);
    }

    @Test
    void readsAHoldWithoutTimeoutAsOneThatNeverExpires() {
        // Proves timeout_seconds is optional on a hold, and absent and null mean the same.
        assertThat(parseTransfer(transfer("pending", "true")).timeoutSeconds()).isNull();
        assertThat(parseTransfer(transfer("pending", "true", "timeout_seconds", "null")).timeoutSeconds()).isNull();
    }

    @Test
    void readsPendingFalseOrNullAsThePlainTransferOfContractV1() {
        // Proves pending false and null are an ordinary transfer, equal to one without the field, with the very
        // fingerprint of v1 (so ids decided before v1.1 still compare equal).
        Transfer plain = parseTransfer(transfer());

        assertThat(parseTransfer(transfer("pending", "false"))).isEqualTo(plain);
        assertThat(parseTransfer(transfer("pending", "null"))).isEqualTo(plain);
        assertThat(plain.canonicalFields()).isEqualTo("transfer\nalice\nbob\n1250\nEUR\n-");
    }

    @Test
    void fingerprintsAHoldApartFromThePlainTransferAndFromAnotherTimeout() {
        // Proves a retry of a hold is told apart from a reuse of its id for the plain transfer or another timeout.
        byte[] plain = new ParsedRecord.Valid(parseTransfer(transfer())).fingerprint();
        byte[] hold = new ParsedRecord.Valid(parseTransfer(transfer("pending", "true"))).fingerprint();
        byte[] hour = new ParsedRecord.Valid(parseTransfer(transfer("pending", "true", "timeout_seconds", "3600")))
                .fingerprint();
        byte[] minute = new ParsedRecord.Valid(parseTransfer(transfer("pending", "true", "timeout_seconds", "60")))
                .fingerprint();

        assertThat(Arrays.asList(plain, hold, hour, minute)).doesNotHaveDuplicates();
        assertThat(Arrays.equals(plain, hold)).isFalse();
        assertThat(Arrays.equals(hour, minute)).isFalse();
    }

    @Test
    void keepsAReferenceFromImitatingAHold() {
        // Proves a plain transfer whose reference reads like the hold line still fingerprints apart from a hold.
        Transfer hold = Transfer.pending(CommandId.parse(WireJson.ID), new AccountId("alice"), new AccountId("bob"),
                1, "EUR", "x", null);
        Transfer imitation = new Transfer(hold.id(), hold.debitAccountId(), hold.creditAccountId(), 1, "EUR", null);

        assertThat(hold.canonicalFields()).isNotEqualTo(imitation.canonicalFields());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"true\"", "1", "0", "[]", "{}"})
    void rejectsAPendingThatIsNotABooleanAsInvalidCommand(String pending) {
        // Proves pending must be a JSON boolean when present.
        assertInvalidCommand(transfer("pending", pending), "pending");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "60", "31536000"})
    void acceptsTimeoutsFromOneSecondToOneYear(String timeout) {
        // Proves both bounds of the timeout are inclusive.
        assertThat(parseTransfer(transfer("pending", "true", "timeout_seconds", timeout)).timeoutSeconds())
                .isEqualTo(Long.parseLong(timeout));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "31536001", "9223372036854775807", "9223372036854775808",
            "99999999999999999999999"})
    void rejectsATimeoutOutsideOneSecondToOneYearAsInvalidCommand(String timeout) {
        // Proves a timeout of zero, a negative one and one above a year are INVALID_COMMAND (not INVALID_AMOUNT:
        // a timeout is no amount), also beyond the 64-bit range.
        assertInvalidCommand(transfer("pending", "true", "timeout_seconds", timeout), "timeout_seconds");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "60.0", "1e3", "\"60\"", "true", "[60]"})
    void rejectsATimeoutThatIsNotAJsonIntegerAsInvalidCommand(String timeout) {
        // Proves a timeout must be written as a JSON integer.
        assertInvalidCommand(transfer("pending", "true", "timeout_seconds", timeout), "timeout_seconds");
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "null"})
    void rejectsATimeoutOnAPlainTransferAsInvalidCommand(String pending) {
        // Proves a timeout without "pending": true is refused (TigerBeetle's timeout_reserved_for_pending_transfer)
        // rather than silently ignored.
        assertInvalidCommand(transfer("pending", pending, "timeout_seconds", "60"), "timeout_seconds");
        assertInvalidCommand(transfer("timeout_seconds", "60"), "timeout_seconds");
    }

    @Test
    void checksTheAmountOfAHoldBeforeItsPendingFields() {
        // Proves the documented field order holds on a hold too: a bad amount is named before a bad timeout.
        ParsedRecord.Invalid invalid = parseInvalid(transfer("amount", "0", "pending", "true",
                "timeout_seconds", "0"));

        assertThat(invalid.reason()).isEqualTo(Reason.INVALID_AMOUNT);
        assertThat(invalid.detail()).contains("amount");
    }

    @Test
    void fingerprintsAnInvalidV1TransferAsContractV1Did() {
        // Proves an invalid transfer without the v1.1 fields keeps its v1 form, and one with them differs.
        ParsedRecord.Invalid v1 = parseInvalid(transfer("amount", "0"));
        ParsedRecord.Invalid v11 = parseInvalid(transfer("amount", "0", "pending", "true"));

        assertThat(v1.canonicalFields()).doesNotContain("pending");
        assertThat(v11.canonicalFields()).startsWith(v1.canonicalFields()).contains("pending=true");
    }
}
