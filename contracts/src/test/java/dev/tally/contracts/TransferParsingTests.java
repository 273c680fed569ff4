package dev.tally.contracts;

import static dev.tally.contracts.WireJson.ID;
import static dev.tally.contracts.WireJson.assertInvalidCommand;
import static dev.tally.contracts.WireJson.parseInvalid;
import static dev.tally.contracts.WireJson.parseTransfer;
import static dev.tally.contracts.WireJson.quote;
import static dev.tally.contracts.WireJson.transfer;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The field rules of a transfer command (amount, reference, unknown fields), read from raw JSON bytes by
 * {@link WireCodec#parseCommand}. Account ids are covered by {@link AccountIdFieldTests}, currencies by
 * {@link CurrencyFieldTests}.
 */
class TransferParsingTests {

    @Test
    void readsAValidTransferIntoATransferCommandOrderedByItsDebitAccount() {
        // Proves every field of a well-formed transfer lands in the record, and its ordering key is the debit account.
        Transfer transfer = parseTransfer(transfer("reference", quote("order-42")));

        assertThat(transfer.id()).isEqualTo(CommandId.parse(ID));
        assertThat(transfer.type()).isEqualTo(CommandType.TRANSFER);
        assertThat(transfer.debitAccountId()).isEqualTo(new AccountId("alice"));
        assertThat(transfer.creditAccountId()).isEqualTo(new AccountId("bob"));
        assertThat(transfer.amount()).isEqualTo(1250);
        assertThat(transfer.currency()).isEqualTo("EUR");
        assertThat(transfer.reference()).isEqualTo("order-42");
        assertThat(transfer.orderingKey()).isEqualTo(new AccountId("alice"));
    }

    @Test
    void acceptsATransferFromAnAccountToItselfForTheWorkerToReject() {
        // Proves SAME_ACCOUNT is a business decision of the worker, not a field rule: the command parses as valid.
        Transfer transfer = parseTransfer(transfer("credit_account_id", quote("alice")));

        assertThat(transfer.creditAccountId()).isEqualTo(transfer.debitAccountId());
    }

    // ------------------------------------------------------------------------------------------------------ amount

    @Test
    void acceptsAnAmountOfOne() {
        // Proves the lower bound of the amount is inclusive.
        assertThat(parseTransfer(transfer("amount", "1")).amount()).isEqualTo(1);
    }

    @Test
    void acceptsAnAmountOfTwoToTheSixtyThirdMinusOne() {
        // Proves the upper bound of the amount is inclusive and read without loss.
        assertThat(parseTransfer(transfer("amount", "9223372036854775807")).amount()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void rejectsAnAmountOfZeroAsInvalidAmount() {
        // Proves a JSON integer of zero is a bad amount (INVALID_AMOUNT), not a malformed command.
        ParsedRecord.Invalid invalid = parseInvalid(transfer("amount", "0"));

        assertThat(invalid.reason()).isEqualTo(Reason.INVALID_AMOUNT);
        assertThat(invalid.detail()).contains("amount");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "-0", "-9223372036854775808", "-9223372036854775809"})
    void rejectsANegativeAmountAsInvalidAmount(String amount) {
        // Proves every JSON integer at or below zero, in and beyond the 64-bit range, is INVALID_AMOUNT.
        ParsedRecord.Invalid invalid = parseInvalid(transfer("amount", amount));

        assertThat(invalid.reason()).isEqualTo(Reason.INVALID_AMOUNT);
        assertThat(invalid.detail()).contains("amount");
    }

    @Test
    void rejectsAnAmountOfMinusTenToTheThirtiethAsInvalidAmount() {
        // Proves an integer far below the 64-bit range is still recognised as a non-positive amount.
        ParsedRecord.Invalid invalid = parseInvalid(transfer("amount", "-1" + "0".repeat(30)));

        assertThat(invalid.reason()).isEqualTo(Reason.INVALID_AMOUNT);
        assertThat(invalid.detail()).contains("amount", "-1" + "0".repeat(30));
    }

    @Test
    void rejectsANegativeAmountOfThousandsOfDigitsAsInvalidAmountWithAShortDetail() {
        // Proves an integer longer than Jackson's default limit of 1,000 digits still gets a result (not a dead
        // letter), and that the detail does not echo all of its digits.
        ParsedRecord.Invalid invalid = parseInvalid(transfer("amount", "-" + "9".repeat(5000)));

        assertThat(invalid.reason()).isEqualTo(Reason.INVALID_AMOUNT);
        assertThat(invalid.detail()).contains("amount").hasSizeLessThan(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "1.0", "1e3", "1E3", "1.0e0", "-1.5", "0.0"})
    void rejectsAnAmountWrittenAsAFractionalNumberAsInvalidCommand(String amount) {
        // Proves an amount must be written as a JSON integer: a fraction or an exponent is refused even when its
        // value is a whole number, and a fractional non-positive value is INVALID_COMMAND, not INVALID_AMOUNT.
        assertInvalidCommand(transfer("amount", amount), "amount");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"10\"", "\"1250\"", "true", "false", "[1250]", "{\"value\":1250}"})
    void rejectsAnAmountThatIsNotAJsonNumberAsInvalidCommand(String amount) {
        // Proves a string holding digits, a boolean, an array or an object is not an amount.
        assertInvalidCommand(transfer("amount", amount), "amount");
    }

    @Test
    void rejectsANullAmountAsInvalidCommand() {
        // Proves JSON null is a missing amount, which is INVALID_COMMAND.
        assertInvalidCommand(transfer("amount", "null"), "amount");
    }

    @Test
    void rejectsAMissingAmountAsInvalidCommand() {
        // Proves the amount is required.
        assertInvalidCommand(transfer("amount", null), "amount");
    }

    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775808", "18446744073709551616", "100000000000000000000000000000"})
    void rejectsAnAmountAboveTwoToTheSixtyThirdMinusOneAsInvalidCommand(String amount) {
        // Proves an integer beyond the 64-bit range is refused as INVALID_COMMAND, never wrapped around.
        assertInvalidCommand(transfer("amount", amount), "amount");
    }

    @Test
    void rejectsAnAmountOfThousandsOfDigitsAsInvalidCommand() {
        // Proves an integer longer than Jackson's default limit of 1,000 digits still gets a result naming the
        // field, since the command has a usable id and type.
        assertInvalidCommand(transfer("amount", "9".repeat(5000)), "amount");
    }

    // --------------------------------------------------------------------------------------------------- reference

    @Test
    void readsAnAbsentReferenceAsNull() {
        // Proves the reference is optional.
        assertThat(parseTransfer(transfer()).reference()).isNull();
    }

    @Test
    void readsANullReferenceAsNull() {
        // Proves JSON null means the same as an absent reference.
        assertThat(parseTransfer(transfer("reference", "null")).reference()).isNull();
    }

    @Test
    void keepsAnEmptyReferenceApartFromAnAbsentOne() {
        // Proves an empty string is a reference of its own, echoed as written.
        assertThat(parseTransfer(transfer("reference", quote(""))).reference()).isEmpty();
    }

    @Test
    void acceptsAReferenceOfTwoHundredFiftySixCharacters() {
        // Proves the upper bound of the reference length is inclusive.
        String reference = "r".repeat(256);

        assertThat(parseTransfer(transfer("reference", quote(reference))).reference()).isEqualTo(reference);
    }

    @Test
    void countsReferenceCharactersAsCodePointsNotUtf16Units() {
        // Proves 256 characters outside the Basic Multilingual Plane (512 UTF-16 units) are still 256 characters.
        String reference = "😀".repeat(256);

        assertThat(parseTransfer(transfer("reference", quote(reference))).reference()).isEqualTo(reference);
    }

    @Test
    void acceptsAReferenceOfAnyUnicodeText() {
        // Proves a reference, unlike an account id, may hold spaces, punctuation, SQL metacharacters and non-ASCII.
        String reference = "Rechnung Nr. 42 für Ω'; DROP TABLE transfers;-- \t\n😀";

        assertThat(parseTransfer(transfer("reference", quote(reference))).reference()).isEqualTo(reference);
    }

    @Test
    void rejectsAReferenceOfTwoHundredFiftySevenCharactersAsInvalidCommand() {
        // Proves one character over the bound is refused, counted in code points.
        assertInvalidCommand(transfer("reference", quote("r".repeat(257))), "reference");
        assertInvalidCommand(transfer("reference", quote("😀".repeat(257))), "reference");
    }

    @Test
    void rejectsAReferenceHoldingANulCharacterAsInvalidCommand() {
        // Proves a NUL, which PostgreSQL text cannot store, is refused up front instead of failing in the database.
        assertInvalidCommand(transfer("reference", "\"order\\u000042\""), "reference");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"order\\ud800\"", "\"\\udc00order\"", "\"\\ude00\\ud83d\""})
    void rejectsAReferenceHoldingAnUnpairedSurrogateAsInvalidCommand(String reference) {
        // Proves a reference that JSON escapes make but UTF-8 cannot encode is refused: stored, it would become "?"
        // and fingerprint like a different reference.
        assertInvalidCommand(transfer("reference", reference), "reference");
    }

    @ParameterizedTest
    @ValueSource(strings = {"42", "true", "[\"order-42\"]", "{\"text\":\"order-42\"}"})
    void rejectsAReferenceThatIsNotAJsonStringAsInvalidCommand(String reference) {
        // Proves a reference must be a string when present.
        assertInvalidCommand(transfer("reference", reference), "reference");
    }

    // ---------------------------------------------------------------------------------------------- unknown fields

    @Test
    void ignoresUnknownFields() {
        // Proves fields the contract does not know, of any JSON type and in any case, do not change the command.
        Transfer plain = parseTransfer(transfer());
        Transfer withExtras = parseTransfer(transfer("note", quote("hi"), "Amount", "999", "nested",
                "{\"amount\":0,\"list\":[1,2.5,null]}", "flag", "false", "version", "2"));

        assertThat(withExtras).isEqualTo(plain);
    }
}
