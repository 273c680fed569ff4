package dev.tally.contracts;

import static dev.tally.contracts.WireJson.ID;
import static dev.tally.contracts.WireJson.assertDeadLetter;
import static dev.tally.contracts.WireJson.openAccount;
import static dev.tally.contracts.WireJson.quote;
import static dev.tally.contracts.WireJson.transfer;
import static dev.tally.contracts.WireJson.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Records that are not a command at all, and go to the dead-letter topic with a reason: no value, not UTF-8 JSON,
 * not an object, no usable id, no known type, or too large. Also the line between those and commands that get a
 * result.
 */
class DeadLetterTests {

    private static final String VALID_TRANSFER = new String(transfer(), StandardCharsets.UTF_8);

    // ---------------------------------------------------------------------------------------------- MALFORMED_JSON

    @Test
    void deadLettersARecordWithoutAValueAsMalformedJson() {
        // Proves a tombstone (null value) is not a command.
        assertDeadLetter(null, DeadLetterReason.MALFORMED_JSON);
    }

    @Test
    void deadLettersAnEmptyValueAsMalformedJson() {
        // Proves zero bytes are not a command.
        assertDeadLetter(new byte[0], DeadLetterReason.MALFORMED_JSON);
    }

    @ParameterizedTest
    @ValueSource(strings = {" ", "\n\t ", "{", "}", "{\"type\":", "{\"type\":\"transfer\",}", "{type:\"transfer\"}",
            "{'type':'transfer'}", "{\"amount\":NaN}", "{\"amount\":012}", "{\"a\":1 /* note */}", "nul", "\"open",
            "{\"a\":\"tab\tinside\"}"})
    void deadLettersTextThatIsNotJsonAsMalformedJson(String text) {
        // Proves blank text, unbalanced braces, trailing commas, unquoted or single-quoted names, NaN, leading zeros,
        // comments, a cut-off literal and an unescaped control character are all refused as JSON.
        assertDeadLetter(utf8(text), DeadLetterReason.MALFORMED_JSON);
    }

    @Test
    void deadLettersATruncatedCommandAsMalformedJson() {
        // Proves a valid command cut anywhere short of its closing brace is malformed, not a command missing fields.
        byte[] whole = transfer("reference", quote("order-42"));
        for (int length = 1; length < whole.length; length++) {
            assertDeadLetter(Arrays.copyOf(whole, length), DeadLetterReason.MALFORMED_JSON);
        }
    }

    @Test
    void deadLettersBytesThatAreNotUtf8AsMalformedJson() {
        // Proves a stray byte that starts no UTF-8 sequence, in a known field or an unknown one, is refused.
        assertDeadLetter(splice("{\"note\":\"", new byte[] {(byte) 0xFF}, "\"," + VALID_TRANSFER.substring(1)),
                DeadLetterReason.MALFORMED_JSON);
        assertDeadLetter(splice(beforeAlice() + "al", new byte[] {(byte) 0xC3, 0x28}, "ce" + afterAlice()),
                DeadLetterReason.MALFORMED_JSON);
    }

    @Test
    void readsTheSameBytesAsACommandWhenTheyAreValidUtf8() {
        // Proves the byte-level tests below break only the encoding: with the two bytes of "é" in place of the
        // broken ones, the very same splice is a valid command rejected for its account id, not a dead letter.
        byte[] value = splice(beforeAlice(), new byte[] {(byte) 0xC3, (byte) 0xA9}, "lice" + afterAlice());

        assertThat(WireCodec.parseCommand(value)).isInstanceOf(ParsedRecord.Invalid.class);
        assertThat(WireCodec.parseCommand(splice(beforeAlice(), new byte[] {'a'}, "lice" + afterAlice())))
                .isInstanceOf(ParsedRecord.Valid.class);
    }

    @Test
    void deadLettersOverlongUtf8AsMalformedJson() {
        // Proves an overlong encoding (0xC1 0xA1 for "a") is not read as the letter it disguises: Jackson alone
        // would accept it, which is why the codec decodes UTF-8 strictly first.
        byte[] value = splice(beforeAlice(), new byte[] {(byte) 0xC1, (byte) 0xA1}, "lice" + afterAlice());
        assertDeadLetter(value, DeadLetterReason.MALFORMED_JSON);
    }

    @Test
    void deadLettersEncodedSurrogatesAndCodePointsBeyondUnicodeAsMalformedJson() {
        // Proves UTF-8 forms of a surrogate (CESU-8) and of a code point above U+10FFFF are refused.
        byte[][] sequences = {{(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}};
        for (byte[] sequence : sequences) {
            assertDeadLetter(splice("{\"note\":\"", sequence, "\"," + VALID_TRANSFER.substring(1)),
                    DeadLetterReason.MALFORMED_JSON);
        }
    }

    @Test
    void deadLettersACommandEndingInAnIncompleteUtf8SequenceAsMalformedJson() {
        // Proves a multi-byte sequence cut short at the end of the value is refused.
        assertDeadLetter(splice(VALID_TRANSFER, new byte[] {(byte) 0xE2, (byte) 0x82}, ""),
                DeadLetterReason.MALFORMED_JSON);
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTF-16", "UTF-16LE", "UTF-16BE", "UTF-32LE"})
    void deadLettersACommandInAnotherUnicodeEncodingAsMalformedJson(String charset) {
        // Proves a command written in UTF-16 or UTF-32 is refused: the contract is UTF-8, and a parser that guesses
        // encodings would let clients depend on the guess.
        assertDeadLetter(VALID_TRANSFER.getBytes(Charset.forName(charset)), DeadLetterReason.MALFORMED_JSON);
    }

    @ParameterizedTest
    @ValueSource(strings = {" x", " {}", "{}", " []", " 1", " \"x\"", " null", "}", "\u0000"})
    void deadLettersACommandFollowedByMoreTextAsMalformedJson(String trailing) {
        // Proves a value is exactly one JSON document: a second one or stray text after the object is refused.
        assertDeadLetter(utf8(VALID_TRANSFER + trailing), DeadLetterReason.MALFORMED_JSON);
    }

    @Test
    void ignoresAUtf8ByteOrderMarkBeforeTheCommand() {
        // Proves a UTF-8 byte order mark, which RFC 8259 lets a parser ignore, does not dead-letter a command.
        byte[] value = splice("", new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, VALID_TRANSFER);

        assertThat(WireCodec.parseCommand(value)).isEqualTo(WireCodec.parseCommand(utf8(VALID_TRANSFER)));
    }

    @Test
    void acceptsWhitespaceAroundTheCommand() {
        // Proves JSON whitespace before and after the object is allowed.
        assertThat(WireCodec.parseCommand(utf8(" \n\t" + VALID_TRANSFER + "\r\n ")))
                .isInstanceOf(ParsedRecord.Valid.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"amount", "id", "type", "debit_account_id", "currency", "note"})
    void deadLettersAnObjectWithARepeatedFieldNameAsMalformedJson(String field) {
        // Proves a repeated name is refused, known or not: {"amount":1,"amount":1000000} must not mean whichever
        // value a parser happens to keep.
        String value = VALID_TRANSFER.substring(0, VALID_TRANSFER.length() - 1) + ",\"note\":\"x\","
                + quote(field) + ":1}";
        assertDeadLetter(utf8(value), DeadLetterReason.MALFORMED_JSON);
    }

    @Test
    void deadLettersARepeatedFieldNameInsideAnUnknownFieldAsMalformedJson() {
        // Proves duplicate detection reaches nested objects too, so the whole value is one unambiguous document.
        byte[] value = transfer("note", "{\"a\":1,\"a\":2}");
        assertDeadLetter(value, DeadLetterReason.MALFORMED_JSON);
    }

    // ---------------------------------------------------------------------------------------------- NOT_AN_OBJECT

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[" + "{\"type\":\"transfer\"}" + "]", "42", "-1.5", "true", "false", "null",
            "\"transfer\"", "\"{\\\"type\\\":\\\"transfer\\\"}\""})
    void deadLettersJsonThatIsNotAnObjectAsNotAnObject(String json) {
        // Proves an array, a number, a boolean, null or a string (even one holding a command) is not a command.
        assertDeadLetter(utf8(json), DeadLetterReason.NOT_AN_OBJECT);
    }

    @Test
    void deadLettersACommandWrappedInAnArrayAsNotAnObject() {
        // Proves a batch of commands in one record is not read as its first element.
        assertDeadLetter(utf8("[" + VALID_TRANSFER + "]"), DeadLetterReason.NOT_AN_OBJECT);
    }

    // ------------------------------------------------------------------------------------------------- MISSING_ID

    @Test
    void deadLettersACommandWithoutAnIdAsMissingId() {
        // Proves an object without an id cannot get a result, since a result is keyed by the id.
        assertDeadLetter(transfer("id", null), DeadLetterReason.MISSING_ID);
        assertDeadLetter(openAccount("id", null), DeadLetterReason.MISSING_ID);
    }

    @Test
    void deadLettersACommandWithANullIdAsMissingId() {
        // Proves JSON null counts as a missing id.
        assertDeadLetter(transfer("id", "null"), DeadLetterReason.MISSING_ID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"42", "true", "[\"0b6f3f0e-8d5a-4f4e-9a53-3c1f0e2d9b11\"]",
            "{\"value\":\"0b6f3f0e-8d5a-4f4e-9a53-3c1f0e2d9b11\"}"})
    void deadLettersAnIdThatIsNotAJsonStringAsMissingId(String id) {
        // Proves an id must be a string, even when it wraps a valid UUID.
        assertDeadLetter(transfer("id", id), DeadLetterReason.MISSING_ID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "1-1-1-1-1", "0b6f3f0e8d5a4f4e9a533c1f0e2d9b11",
            "{0b6f3f0e-8d5a-4f4e-9a53-3c1f0e2d9b11}", "urn:uuid:0b6f3f0e-8d5a-4f4e-9a53-3c1f0e2d9b11",
            " 0b6f3f0e-8d5a-4f4e-9a53-3c1f0e2d9b11", "0b6f3f0e-8d5a-4f4e-9a53-3c1f0e2d9b11 ",
            "0b6f3f0e-8d5a-4f4e-9a53-3c1f0e2d9b1", "0b6f3f0e-8d5a-4f4e-9a53-3c1f0e2d9b111",
            "0b6f3f0g-8d5a-4f4e-9a53-3c1f0e2d9b11", "0b6f3f0e-8d5a4-f4e-9a53-3c1f0e2d9b11",
            "０b6f3f0e-8d5a-4f4e-9a53-3c1f0e2d9b11"})
    void deadLettersAnIdThatIsNotACanonicalUuidAsMissingId(String id) {
        // Proves only the 8-4-4-4-12 hexadecimal form is an id; UUID.fromString alone would take "1-1-1-1-1".
        assertDeadLetter(transfer("id", quote(id)), DeadLetterReason.MISSING_ID);
    }

    @Test
    void checksTheIdBeforeTheType() {
        // Proves a record with neither a usable id nor a known type is MISSING_ID: without an id nothing else matters.
        assertDeadLetter(transfer("id", quote("nope"), "type", quote("withdraw")), DeadLetterReason.MISSING_ID);
    }

    // ----------------------------------------------------------------------------------------------- UNKNOWN_TYPE

    @Test
    void deadLettersACommandWithoutATypeAsUnknownType() {
        // Proves a usable id is not enough: without a type the record is no command of contract v1.
        ParsedRecord.Unusable unusable = assertDeadLetter(transfer("type", null), DeadLetterReason.UNKNOWN_TYPE);

        assertThat(unusable.detail()).contains(ID);
    }

    @Test
    void deadLettersACommandWithANullTypeAsUnknownType() {
        // Proves JSON null counts as a missing type.
        assertDeadLetter(transfer("type", "null"), DeadLetterReason.UNKNOWN_TYPE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"withdraw", "Transfer", "TRANSFER", "open-account", "openAccount", " transfer", ""})
    void deadLettersACommandOfAnUnknownTypeAsUnknownType(String type) {
        // Proves type names are exact: another case, spelling or padding is an unknown type.
        ParsedRecord.Unusable unusable = assertDeadLetter(transfer("type", quote(type)),
                DeadLetterReason.UNKNOWN_TYPE);

        assertThat(unusable.detail()).contains(ID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "true", "[\"transfer\"]", "{\"name\":\"transfer\"}"})
    void deadLettersATypeThatIsNotAJsonStringAsUnknownType(String type) {
        // Proves a type must be a string, even when it wraps a known name.
        assertDeadLetter(transfer("type", type), DeadLetterReason.UNKNOWN_TYPE);
    }

    @Test
    void echoesOnlyPrintableAsciiOfAnUnknownTypeInTheDetail() {
        // Proves the detail, which becomes a Kafka header, is cut short and holds no control character from the
        // untrusted record.
        String type = "x\u0000\n\u001b[31m" + "y".repeat(500);
        ParsedRecord.Unusable unusable = assertDeadLetter(transfer("type", quote(type)), DeadLetterReason.UNKNOWN_TYPE);

        assertThat(unusable.detail()).hasSizeLessThan(300).doesNotContain("\u0000", "\n", "\u001b");
    }

    @Test
    void givesACommandWithAUsableIdAndKnownTypeAResultHoweverBadItsOtherFields() {
        // Proves the line between dead letters and rejections: once id and type are usable, a command whose every
        // other field is wrong is still Invalid (it gets a REJECTED result), never Unusable.
        ParsedRecord parsed = WireCodec.parseCommand(transfer("debit_account_id", "[]", "credit_account_id", "7",
                "amount", "\"x\"", "currency", "{}", "reference", "false"));

        assertThat(parsed).isInstanceOf(ParsedRecord.Invalid.class);
    }

    // -------------------------------------------------------------------------------------------------- TOO_LARGE

    @Test
    void parsesACommandOfExactlySixtyFourKibibytes() {
        // Proves the size bound is inclusive: a valid command padded with an unknown field to 65,536 bytes parses.
        byte[] value = paddedTransfer(WireCodec.MAX_COMMAND_BYTES);

        assertThat(value).hasSize(65_536);
        assertThat(WireCodec.parseCommand(value)).isInstanceOf(ParsedRecord.Valid.class);
    }

    @Test
    void deadLettersACommandOfSixtyFourKibibytesAndOneByteAsTooLarge() {
        // Proves one byte over the bound is refused as TOO_LARGE, although the same command is otherwise valid.
        byte[] value = paddedTransfer(WireCodec.MAX_COMMAND_BYTES + 1);

        assertThat(value).hasSize(65_537);
        assertDeadLetter(value, DeadLetterReason.TOO_LARGE);
    }

    @Test
    void deadLettersAnOversizedValueAsTooLargeWithoutParsingIt() {
        // Proves the size is checked before anything else: oversized bytes that are not even UTF-8 are TOO_LARGE,
        // not MALFORMED_JSON.
        byte[] value = new byte[WireCodec.MAX_COMMAND_BYTES + 1];
        Arrays.fill(value, (byte) 0xFF);

        assertDeadLetter(value, DeadLetterReason.TOO_LARGE);
    }

    @Test
    void acceptsAFieldNameAsLongAsACommandAllows() {
        // Proves an unknown field with a 60,000-character name is ignored like any other, instead of tripping
        // Jackson's default limit on name length and dead-lettering a command that has a usable id and type.
        byte[] value = transfer("n".repeat(60_000), "1");

        assertThat(WireCodec.parseCommand(value)).isInstanceOf(ParsedRecord.Valid.class);
    }

    /** A valid transfer whose unknown field "padding" makes the UTF-8 value exactly {@code size} bytes long. */
    private static byte[] paddedTransfer(int size) {
        int overhead = transfer("padding", quote("")).length;
        return transfer("padding", quote("p".repeat(size - overhead)));
    }

    /** The valid transfer up to the debit account id "alice", exclusive. */
    private static String beforeAlice() {
        return VALID_TRANSFER.substring(0, VALID_TRANSFER.indexOf("alice"));
    }

    /** The valid transfer after the debit account id "alice". */
    private static String afterAlice() {
        return VALID_TRANSFER.substring(VALID_TRANSFER.indexOf("alice") + "alice".length());
    }

    private static byte[] splice(String before, byte[] middle, String after) {
        byte[] head = utf8(before);
        byte[] tail = utf8(after);
        byte[] value = Arrays.copyOf(head, head.length + middle.length + tail.length);
        System.arraycopy(middle, 0, value, head.length, middle.length);
        System.arraycopy(tail, 0, value, head.length + middle.length, tail.length);
        return value;
    }
}
