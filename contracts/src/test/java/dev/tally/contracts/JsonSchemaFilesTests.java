package dev.tally.contracts;

import static dev.tally.contracts.WireJson.parseInvalid;
import static dev.tally.contracts.WireJson.parseTransfer;
import static dev.tally.contracts.WireJson.transfer;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON Schema files shipped for non-Java clients say the same as the Java rules: each pattern accepts and
 * rejects the same samples as the Java check it stands for, and each bound is the Java bound. (No schema validator
 * is used; the schemas are read as plain JSON.)
 */
class JsonSchemaFilesTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";

    private static final JsonNode COMMAND = load("command.schema.json");
    private static final JsonNode RESULT = load("result.schema.json");

    private static final List<String> ACCOUNT_ID_SAMPLES = List.of("a", "7", "A".repeat(64), "a".repeat(65), "",
            "alice_1", "alice.1", "alice:1", "alice@1", "alice-1", "a-", "alice--", "_alice", ".alice", ":alice",
            "@alice", "-alice", "alice bob", "alice'", "a;b", "a%", "a/b", "ålice", "аlice", "ａlice", "alice😀",
            "alice\n", "\nalice", "al\tice", "alice\u0000", "alice\r\n", "ALICE", "0");

    private static final List<String> CURRENCY_SAMPLES = List.of("EUR", "USD", "AAA", "ZZZ", "eur", "Eur", "EURO",
            "EU", "", "E1R", "123", " EUR", "ÉUR", "EUR\n", "ＥＵＲ");

    private static final List<String> COMMAND_ID_SAMPLES = List.of("0b6f3f0e-8d5a-4f4e-9a53-3c1f0e2d9b11",
            "0B6F3F0E-8D5A-4F4E-9A53-3C1F0E2D9B11", "00000000-0000-0000-0000-000000000000", "1-1-1-1-1", "",
            "0b6f3f0e8d5a4f4e9a533c1f0e2d9b11", "{0b6f3f0e-8d5a-4f4e-9a53-3c1f0e2d9b11}",
            "0b6f3f0g-8d5a-4f4e-9a53-3c1f0e2d9b11", "0b6f3f0e-8d5a-4f4e-9a53-3c1f0e2d9b11\n",
            " 0b6f3f0e-8d5a-4f4e-9a53-3c1f0e2d9b11");

    private static final List<String> REFERENCE_SAMPLES = List.of("", "order-42", "r".repeat(256), "r".repeat(257),
            "😀".repeat(256), "😀".repeat(257), "für Ω; DROP TABLE\n\t", "a\u0000b", "\u0000", "a\ud800b", "\udc00",
            "\ude00\ud83d", "😀\ud83d", "end\n");

    @Test
    void declaresDraft2020_12AndItsOwnIdInBothFiles() {
        // Proves both files are draft 2020-12 schemas with an absolute $id naming the file and the contract version.
        assertThat(COMMAND.get("$schema").stringValue()).isEqualTo(DRAFT_2020_12);
        assertThat(RESULT.get("$schema").stringValue()).isEqualTo(DRAFT_2020_12);
        assertThat(COMMAND.get("$id").stringValue()).startsWith("https://").endsWith("/v1/command.schema.json");
        assertThat(RESULT.get("$id").stringValue()).startsWith("https://").endsWith("/v1/result.schema.json");
    }

    @Test
    void offersExactlyTheCommandTypesOfTheCodeEachOpenToUnknownFields() {
        // Proves the command schema is a oneOf of the contract's command types (v1's two, then v1.1's four), with
        // their wire names, required fields, and "additionalProperties": true because unknown fields are ignored.
        List<String> refs = new ArrayList<>();
        COMMAND.get("oneOf").forEach(option -> refs.add(option.get("$ref").stringValue()));
        assertThat(refs).containsExactly(Arrays.stream(CommandType.values()).map(t -> "#/$defs/" + t.wireName())
                .toArray(String[]::new));
        for (CommandType type : CommandType.values()) {
            JsonNode definition = COMMAND.at("/$defs/" + type.wireName());
            assertThat(definition.at("/properties/type/const").stringValue()).isEqualTo(type.wireName());
            assertThat(definition.get("additionalProperties").booleanValue()).as(type.wireName()).isTrue();
        }
        assertThat(strings(COMMAND.at("/$defs/post_pending/required"))).containsExactlyInAnyOrder("type", "id",
                "pending_id");
        assertThat(strings(COMMAND.at("/$defs/void_pending/required"))).containsExactlyInAnyOrder("type", "id",
                "pending_id");
        assertThat(strings(COMMAND.at("/$defs/linked_transfers/required"))).containsExactlyInAnyOrder("type", "id",
                "transfers");
        assertThat(strings(COMMAND.at("/$defs/close_account/required"))).containsExactlyInAnyOrder("type", "id",
                "account_id");

        JsonNode transfer = COMMAND.at("/$defs/transfer");
        JsonNode open = COMMAND.at("/$defs/open_account");
        assertThat(transfer.at("/properties/type/const").stringValue()).isEqualTo(CommandType.TRANSFER.wireName());
        assertThat(open.at("/properties/type/const").stringValue()).isEqualTo(CommandType.OPEN_ACCOUNT.wireName());
        assertThat(strings(transfer.get("required"))).containsExactlyInAnyOrder("type", "id", "debit_account_id",
                "credit_account_id", "amount", "currency");
        assertThat(strings(open.get("required"))).containsExactlyInAnyOrder("type", "id", "account_id", "currency");
        assertThat(transfer.get("additionalProperties").booleanValue()).isTrue();
        assertThat(open.get("additionalProperties").booleanValue()).isTrue();
    }

    @Test
    void forbidsAnOverdraftLimitBesideUnboundedTrue() {
        // Proves the schema states the one rule between two fields: when unbounded is true, the limit is null.
        JsonNode open = COMMAND.at("/$defs/open_account");

        assertThat(open.at("/if/properties/unbounded/const").booleanValue()).isTrue();
        assertThat(strings(open.at("/if/required"))).containsExactly("unbounded");
        assertThat(open.at("/then/properties/overdraft_limit/type").stringValue()).isEqualTo("null");
        assertThat(strings(open.at("/properties/unbounded/type"))).containsExactly("boolean", "null");
    }

    @Test
    void matchesAccountIdsExactlyAsAccountIdIsValidDoes() {
        // Proves the account-id pattern of both files, read as ECMA-262 regex, agrees with AccountId.isValid on
        // boundary lengths, each punctuation character, leading punctuation, non-ASCII and control characters.
        String pattern = COMMAND.at("/$defs/account_id/pattern").stringValue();

        assertAgrees(pattern, ACCOUNT_ID_SAMPLES, AccountId::isValid);
        assertThat(RESULT.at("/$defs/account_id/anyOf/0/pattern").stringValue()).isEqualTo(pattern);
        for (String field : List.of("debit_account_id", "credit_account_id")) {
            assertThat(COMMAND.at("/$defs/transfer/properties/" + field + "/$ref").stringValue())
                    .isEqualTo("#/$defs/account_id");
        }
        assertThat(COMMAND.at("/$defs/open_account/properties/account_id/$ref").stringValue())
                .isEqualTo("#/$defs/account_id");
    }

    @Test
    void matchesCurrenciesExactlyAsMoneyIsValidCurrencyDoes() {
        // Proves the currency pattern of both files agrees with Money.isValidCurrency.
        String pattern = COMMAND.at("/$defs/currency/pattern").stringValue();

        assertAgrees(pattern, CURRENCY_SAMPLES, Money::isValidCurrency);
        assertThat(RESULT.at("/$defs/currency/anyOf/0/pattern").stringValue()).isEqualTo(pattern);
    }

    @Test
    void matchesCommandIdsExactlyAsCommandIdIsValidDoes() {
        // Proves the id pattern of both files agrees with CommandId.isValid, upper case included.
        String pattern = COMMAND.at("/$defs/command_id/pattern").stringValue();

        assertAgrees(pattern, COMMAND_ID_SAMPLES, CommandId::isValid);
        assertThat(RESULT.at("/$defs/command_id/pattern").stringValue()).isEqualTo(pattern);
    }

    @Test
    void boundsReferencesExactlyAsMoneyIsValidReferenceDoes() {
        // Proves maxLength (counted in code points, as JSON Schema counts) and the pattern together accept the same
        // references as Money.isValidReference: 256 characters but not 257, no NUL, no unpaired surrogate.
        JsonNode reference = COMMAND.at("/$defs/reference");
        int maxLength = reference.get("maxLength").intValue();
        String pattern = reference.get("pattern").stringValue();

        assertThat(maxLength).isEqualTo(Money.MAX_REFERENCE_LENGTH);
        for (String sample : REFERENCE_SAMPLES) {
            boolean schema = sample.codePointCount(0, sample.length()) <= maxLength && ecmaMatches(pattern, sample);
            assertThat(schema).as("schema on %s", printable(sample)).isEqualTo(Money.isValidReference(sample));
        }
        assertThat(strings(reference.get("type"))).containsExactly("string", "null");
        assertThat(RESULT.at("/$defs/transfer_result/properties/reference/maxLength").intValue())
                .isEqualTo(Money.MAX_REFERENCE_LENGTH);
    }

    @Test
    void boundsAmountsAsTheCodecDoes() {
        // Proves the schema's amount bounds are 1 and 2^63-1, and that the codec accepts both bounds and refuses
        // the integer just outside each.
        BigInteger minimum = COMMAND.at("/$defs/amount/minimum").bigIntegerValue();
        BigInteger maximum = COMMAND.at("/$defs/amount/maximum").bigIntegerValue();

        assertThat(COMMAND.at("/$defs/amount/type").stringValue()).isEqualTo("integer");
        assertThat(minimum).isEqualTo(BigInteger.ONE);
        assertThat(maximum).isEqualTo(BigInteger.valueOf(Long.MAX_VALUE));
        assertThat(parseTransfer(transfer("amount", minimum.toString())).amount()).isEqualTo(minimum.longValue());
        assertThat(parseTransfer(transfer("amount", maximum.toString())).amount()).isEqualTo(maximum.longValue());
        assertThat(parseInvalid(transfer("amount", minimum.subtract(BigInteger.ONE).toString())).reason())
                .isEqualTo(Reason.INVALID_AMOUNT);
        assertThat(parseInvalid(transfer("amount", maximum.add(BigInteger.ONE).toString())).reason())
                .isEqualTo(Reason.INVALID_COMMAND);
        assertThat(RESULT.at("/$defs/amount/minimum").bigIntegerValue()).isEqualTo(minimum);
        assertThat(RESULT.at("/$defs/amount/maximum").bigIntegerValue()).isEqualTo(maximum);
    }

    @Test
    void boundsOverdraftLimitsAndBalancesAsTheJavaTypesDo() {
        // Proves the limit is 0 to 2^63-1 with 0 as the default, in commands and results, and balances span the
        // whole 64-bit range.
        JsonNode limit = COMMAND.at("/$defs/overdraft_limit");

        assertThat(limit.get("minimum").bigIntegerValue()).isEqualTo(BigInteger.ZERO);
        assertThat(limit.get("maximum").bigIntegerValue()).isEqualTo(BigInteger.valueOf(Long.MAX_VALUE));
        assertThat(limit.get("default").intValue()).isZero();
        JsonNode resultLimit = RESULT.at("/$defs/open_account_result/properties/overdraft_limit");
        assertThat(resultLimit.get("minimum").bigIntegerValue()).isEqualTo(BigInteger.ZERO);
        assertThat(resultLimit.get("maximum").bigIntegerValue()).isEqualTo(BigInteger.valueOf(Long.MAX_VALUE));
        assertThat(RESULT.at("/$defs/balance/minimum").bigIntegerValue())
                .isEqualTo(BigInteger.valueOf(Long.MIN_VALUE));
        assertThat(RESULT.at("/$defs/balance/maximum").bigIntegerValue())
                .isEqualTo(BigInteger.valueOf(Long.MAX_VALUE));
    }

    @Test
    void listsExactlyTheReasonCodesAndStatusesOfTheCode() {
        // Proves a reason added to the Java enum cannot be forgotten in the schema, nor the other way round.
        assertThat(strings(RESULT.at("/$defs/reason/enum")))
                .containsExactly(Arrays.stream(Reason.values()).map(Reason::code).toArray(String[]::new));
        assertThat(strings(RESULT.at("/properties/status/enum")))
                .containsExactly(Arrays.stream(Status.values()).map(Status::name).toArray(String[]::new));
        List<String> types = new ArrayList<>();
        RESULT.get("oneOf").forEach(option -> types.add(RESULT.at(option.get("$ref").stringValue().substring(1)
                + "/properties/type/const").stringValue()));
        assertThat(types).containsExactly(Arrays.stream(CommandType.values()).map(CommandType::wireName)
                .toArray(String[]::new));
    }

    @Test
    void boundsHoldTimeoutsLinkedLegsAndPostAmountsAsTheCodecDoes() {
        // Proves the v1.1 bounds of the schema are the Java ones: timeout_seconds 1 to 31,536,000 and only with
        // "pending": true, 1 to 100 legs of the transfer's own field rules, and a post amount of the amount's rules.
        JsonNode timeout = COMMAND.at("/$defs/timeout_seconds");

        assertThat(timeout.get("minimum").longValue()).isEqualTo(Transfer.MIN_TIMEOUT_SECONDS);
        assertThat(timeout.get("maximum").longValue()).isEqualTo(Transfer.MAX_TIMEOUT_SECONDS);
        assertThat(COMMAND.at("/$defs/transfer/if/not/properties/pending/const").booleanValue()).isTrue();
        assertThat(COMMAND.at("/$defs/transfer/then/properties/timeout_seconds/type").stringValue())
                .isEqualTo("null");
        JsonNode transfers = COMMAND.at("/$defs/linked_transfers/properties/transfers");
        assertThat(transfers.get("minItems").intValue()).isEqualTo(LinkedTransfers.MIN_LEGS);
        assertThat(transfers.get("maxItems").intValue()).isEqualTo(LinkedTransfers.MAX_LEGS);
        for (String field : List.of("debit_account_id", "credit_account_id", "amount", "currency", "reference")) {
            assertThat(COMMAND.at("/$defs/leg/properties/" + field + "/$ref").stringValue())
                    .isEqualTo(COMMAND.at("/$defs/transfer/properties/" + field + "/$ref").stringValue());
        }
        assertThat(COMMAND.at("/$defs/post_pending/properties/amount/anyOf/0/$ref").stringValue())
                .isEqualTo("#/$defs/amount");
        assertThat(COMMAND.at("/$defs/post_pending/properties/pending_id/$ref").stringValue())
                .isEqualTo("#/$defs/command_id");
        assertThat(RESULT.at("/$defs/linked_transfers_result/properties/failed_leg/maximum").intValue())
                .isEqualTo(LinkedTransfers.MAX_LEGS - 1);
    }

    @Test
    void requiresTheFieldsTheDecoderRequires() {
        // Proves the result schema requires exactly what decodeResult cannot do without.
        assertThat(strings(RESULT.get("required")))
                .containsExactlyInAnyOrder("id", "type", "status", "replay", "decided_at");
        assertThat(strings(RESULT.at("/else/required"))).containsExactly("reason");
        assertThat(strings(RESULT.at("/$defs/transfer_result/then/required")))
                .containsExactlyInAnyOrder("amount", "debit_balance", "credit_balance");
    }

    @Test
    void matchesTheDecidedAtTheCodecWrites() {
        // Proves the decided_at pattern accepts what encodeResult writes (three fraction digits, Z) and refuses
        // the shorter form Instant.toString uses on a whole second.
        String pattern = RESULT.at("/properties/decided_at/pattern").stringValue();
        Result result = OpenAccountResult.applied(
                OpenAccount.bounded(CommandId.random(), new AccountId("alice"), "EUR", 0),
                Instant.parse("2026-11-25T12:00:00Z"));
        String written = JSON.readTree(WireCodec.encodeResult(result)).get("decided_at").stringValue();

        assertThat(ecmaMatches(pattern, written)).isTrue();
        assertThat(ecmaMatches(pattern, "2026-11-25T12:00:00Z")).isFalse();
        assertThat(ecmaMatches(pattern, "2026-11-25T12:00:00.123+01:00")).isFalse();
    }

    /** Asserts that the schema pattern and the Java rule agree on every sample, and that both outcomes occur. */
    private static void assertAgrees(String pattern, List<String> samples, Predicate<String> javaRule) {
        for (String sample : samples) {
            assertThat(ecmaMatches(pattern, sample)).as("pattern %s on %s", pattern, printable(sample))
                    .isEqualTo(javaRule.test(sample));
        }
        assertThat(samples).anyMatch(javaRule).anyMatch(javaRule.negate());
    }

    /**
     * Whether a JSON Schema pattern matches, with ECMA-262 semantics emulated in java.util.regex: patterns are not
     * anchored implicitly (so {@code find}), and an ECMA-262 {@code $} matches only at the very end of the text,
     * where Java's also matches before a final line break (so it becomes {@code \z}).
     */
    private static boolean ecmaMatches(String pattern, String text) {
        assertThat(pattern).startsWith("^").endsWith("$");
        return Pattern.compile(pattern.substring(0, pattern.length() - 1) + "\\z").matcher(text).find();
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.stringValue()));
        return values;
    }

    private static String printable(String sample) {
        StringBuilder out = new StringBuilder();
        sample.chars().forEach(c -> out.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c)
                : String.format("\\u%04x", c)));
        return '"' + out.toString() + '"';
    }

    private static JsonNode load(String name) {
        try (InputStream in = JsonSchemaFilesTests.class.getResourceAsStream("/tally/v1/" + name)) {
            assertThat(in).as("resource tally/v1/%s", name).isNotNull();
            JsonNode schema = JSON.readTree(in);
            assertThat(schema.isObject()).as(name).isTrue();
            return schema;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + name, e);
        }
    }
}
