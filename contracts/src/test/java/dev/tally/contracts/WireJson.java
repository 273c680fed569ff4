package dev.tally.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * Builds command records as raw JSON bytes, so that tests exercise {@link WireCodec#parseCommand} exactly as the
 * worker does, and reads the outcome back with assertions that say what kind of record was expected. Every record
 * read here is also read by {@link ReferenceCodec}, the codec as it was, and must come out the same, fingerprint
 * included.
 */
final class WireJson {

    static final String ID = "0b6f3f0e-8d5a-4f4e-9a53-3c1f0e2d9b11";
    static final String PENDING_ID = "5d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b0a";

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private WireJson() {
    }

    /** A JSON string literal holding {@code text}, escaped as any JSON writer would. */
    static String quote(String text) {
        return MAPPER.writeValueAsString(text);
    }

    /**
     * A valid transfer ({@code alice} to {@code bob}, 1250 EUR) with some fields changed: each pair is a field name
     * and its raw JSON value, or {@code null} to leave the field out.
     */
    static byte[] transfer(String... namesAndRawValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("type", quote("transfer"));
        fields.put("id", quote(ID));
        fields.put("debit_account_id", quote("alice"));
        fields.put("credit_account_id", quote("bob"));
        fields.put("amount", "1250");
        fields.put("currency", quote("EUR"));
        return object(fields, namesAndRawValues);
    }

    /** A valid opening of bounded account {@code alice} in EUR, with some fields changed as in {@link #transfer}. */
    static byte[] openAccount(String... namesAndRawValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("type", quote("open_account"));
        fields.put("id", quote(ID));
        fields.put("account_id", quote("alice"));
        fields.put("currency", quote("EUR"));
        return object(fields, namesAndRawValues);
    }

    /** A valid post of the whole amount of pending transfer {@link #PENDING_ID}, with fields changed as above. */
    static byte[] postPending(String... namesAndRawValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("type", quote("post_pending"));
        fields.put("id", quote(ID));
        fields.put("pending_id", quote(PENDING_ID));
        return object(fields, namesAndRawValues);
    }

    /** A valid void of pending transfer {@link #PENDING_ID}, with fields changed as above. */
    static byte[] voidPending(String... namesAndRawValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("type", quote("void_pending"));
        fields.put("id", quote(ID));
        fields.put("pending_id", quote(PENDING_ID));
        return object(fields, namesAndRawValues);
    }

    /** A valid closing of account {@code alice}, with fields changed as above. */
    static byte[] closeAccount(String... namesAndRawValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("type", quote("close_account"));
        fields.put("id", quote(ID));
        fields.put("account_id", quote("alice"));
        return object(fields, namesAndRawValues);
    }

    /** A linked command whose {@code transfers} field is the raw JSON given. */
    static byte[] linked(String rawTransfers) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("type", quote("linked_transfers"));
        fields.put("id", quote(ID));
        return object(fields, "transfers", rawTransfers);
    }

    /** A valid leg ({@code alice} to {@code bob}, 100 EUR) as raw JSON, with fields changed as above. */
    static String leg(String... namesAndRawValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("debit_account_id", quote("alice"));
        fields.put("credit_account_id", quote("bob"));
        fields.put("amount", "100");
        fields.put("currency", quote("EUR"));
        return new String(object(fields, namesAndRawValues), StandardCharsets.UTF_8);
    }

    private static byte[] object(Map<String, String> fields, String... namesAndRawValues) {
        if (namesAndRawValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and raw values come in pairs");
        }
        for (int i = 0; i < namesAndRawValues.length; i += 2) {
            if (namesAndRawValues[i + 1] == null) {
                fields.remove(namesAndRawValues[i]);
            } else {
                fields.put(namesAndRawValues[i], namesAndRawValues[i + 1]);
            }
        }
        StringBuilder json = new StringBuilder("{");
        fields.forEach((name, raw) -> json.append(json.length() > 1 ? "," : "").append(quote(name)).append(':')
                .append(raw));
        return utf8(json.append('}').toString());
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static Command parseValid(byte[] value) {
        ParsedRecord parsed = SameAsReference.parse(value);
        assertThat(parsed).isInstanceOf(ParsedRecord.Valid.class);
        return ((ParsedRecord.Valid) parsed).command();
    }

    static Transfer parseTransfer(byte[] value) {
        Command command = parseValid(value);
        assertThat(command).isInstanceOf(Transfer.class);
        return (Transfer) command;
    }

    static OpenAccount parseOpenAccount(byte[] value) {
        Command command = parseValid(value);
        assertThat(command).isInstanceOf(OpenAccount.class);
        return (OpenAccount) command;
    }

    static ParsedRecord.Invalid parseInvalid(byte[] value) {
        ParsedRecord parsed = SameAsReference.parse(value);
        assertThat(parsed).isInstanceOf(ParsedRecord.Invalid.class);
        return (ParsedRecord.Invalid) parsed;
    }

    /** Asserts the record is rejected as {@code INVALID_COMMAND} with a detail that names {@code field}. */
    static ParsedRecord.Invalid assertInvalidCommand(byte[] value, String field) {
        ParsedRecord.Invalid invalid = parseInvalid(value);
        assertThat(invalid.id()).isEqualTo(CommandId.parse(ID));
        assertThat(invalid.reason()).isEqualTo(Reason.INVALID_COMMAND);
        assertThat(invalid.detail()).contains(field);
        return invalid;
    }

    /** Asserts the record goes to the dead-letter topic for {@code reason}. */
    static ParsedRecord.Unusable assertDeadLetter(byte[] value, DeadLetterReason reason) {
        ParsedRecord parsed = SameAsReference.parse(value);
        assertThat(parsed).isInstanceOf(ParsedRecord.Unusable.class);
        ParsedRecord.Unusable unusable = (ParsedRecord.Unusable) parsed;
        assertThat(unusable.reason()).isEqualTo(reason);
        assertThat(unusable.detail()).isNotBlank();
        return unusable;
    }
}
