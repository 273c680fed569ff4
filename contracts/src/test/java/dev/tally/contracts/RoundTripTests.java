package dev.tally.contracts;

import static dev.tally.contracts.WireJson.ID;
import static dev.tally.contracts.WireJson.parseInvalid;
import static dev.tally.contracts.WireJson.transfer;
import static dev.tally.contracts.WireJson.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What the codec writes, it reads back unchanged: commands for clients, results for the worker's consumers. */
class RoundTripTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final CommandId COMMAND_ID = CommandId.parse(ID);
    private static final Instant DECIDED_AT = Instant.parse("2026-11-25T12:00:00.123Z");
    private static final AccountId ALICE = new AccountId("alice");
    private static final AccountId BOB = new AccountId("bob");

    static Stream<Command> commands() {
        return Stream.of(
                new Transfer(COMMAND_ID, ALICE, BOB, 1250, "EUR", "order-42"),
                new Transfer(COMMAND_ID, ALICE, BOB, 1250, "EUR", null),
                new Transfer(COMMAND_ID, ALICE, BOB, Long.MAX_VALUE, "JPY", ""),
                new Transfer(COMMAND_ID, new AccountId("a".repeat(64)), new AccountId("b.:@_-"), 1, "USD",
                        "“quoted” \\ \"back\" \n 😀 " + "x".repeat(200)),
                OpenAccount.bounded(COMMAND_ID, ALICE, "EUR", 0),
                OpenAccount.bounded(COMMAND_ID, ALICE, "EUR", Long.MAX_VALUE),
                OpenAccount.unbounded(COMMAND_ID, new AccountId("funding"), "EUR"));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void readsBackEveryCommandItWrites(Command command) {
        // Proves encodeCommand writes only what parseCommand reads as the very same command: bounded and unbounded
        // openings, transfers with and without a reference, and the extreme values of every field.
        ParsedRecord parsed = WireCodec.parseCommand(WireCodec.encodeCommand(command));

        assertThat(parsed).isEqualTo(new ParsedRecord.Valid(command));
    }

    @Test
    void writesCommandsInSnakeCaseWithTheirWireType() {
        // Proves the field names non-Java clients see, including the unbounded flag in place of a limit.
        JsonNode transfer = tree(WireCodec.encodeCommand(new Transfer(COMMAND_ID, ALICE, BOB, 1250, "EUR", null)));
        JsonNode funding = tree(WireCodec.encodeCommand(OpenAccount.unbounded(COMMAND_ID, ALICE, "EUR")));

        assertThat(transfer.propertyNames()).containsExactly("type", "id", "debit_account_id", "credit_account_id",
                "amount", "currency");
        assertThat(transfer.get("type").stringValue()).isEqualTo("transfer");
        assertThat(funding.propertyNames()).containsExactly("type", "id", "account_id", "currency", "unbounded");
        assertThat(funding.get("unbounded").booleanValue()).isTrue();
    }

    static Stream<Result> results() {
        Transfer transfer = new Transfer(COMMAND_ID, ALICE, BOB, 1250, "EUR", "order-42");
        Transfer plain = new Transfer(COMMAND_ID, ALICE, BOB, 800, "EUR", null);
        OpenAccount bounded = OpenAccount.bounded(COMMAND_ID, ALICE, "EUR", 500);
        OpenAccount unbounded = OpenAccount.unbounded(COMMAND_ID, new AccountId("funding"), "EUR");
        return Stream.of(
                TransferResult.applied(transfer, 8750, 1250, DECIDED_AT),
                TransferResult.applied(plain, Long.MIN_VALUE, Long.MAX_VALUE, DECIDED_AT),
                TransferResult.applied(transfer, -50, 0, DECIDED_AT).withReplay(true),
                TransferResult.rejected(plain, Reason.INSUFFICIENT_FUNDS, "alice has 700, needs 800", DECIDED_AT),
                TransferResult.rejected(transfer, Reason.CURRENCY_MISMATCH, null, DECIDED_AT).withReplay(true),
                Result.ofInvalid(parseInvalid(transfer("amount", "0")), DECIDED_AT),
                Result.ofInvalid(parseInvalid(transfer("currency", "\"eur\"")), DECIDED_AT),
                OpenAccountResult.applied(bounded, DECIDED_AT),
                OpenAccountResult.applied(unbounded, DECIDED_AT).withReplay(true),
                OpenAccountResult.rejected(bounded, Reason.ACCOUNT_EXISTS, "alice was opened in USD", DECIDED_AT),
                Result.ofInvalid(parseInvalid(WireJson.openAccount("overdraft_limit", "-1")), DECIDED_AT));
    }

    @ParameterizedTest
    @MethodSource("results")
    void readsBackEveryResultItWrites(Result result) {
        // Proves encodeResult and decodeResult agree on applied, rejected, replayed and invalid results of both
        // command types, including null echoes and extreme balances.
        assertThat(WireCodec.decodeResult(WireCodec.encodeResult(result))).isEqualTo(result);
    }

    @Test
    void readsBackEveryReasonCode() {
        // Proves no reason code is written in a form the decoder refuses.
        Transfer transfer = new Transfer(COMMAND_ID, ALICE, BOB, 1, "EUR", null);
        for (Reason reason : Reason.values()) {
            Result rejected = TransferResult.rejected(transfer, reason, "because", DECIDED_AT);

            assertThat(WireCodec.decodeResult(WireCodec.encodeResult(rejected)).reason()).isEqualTo(reason);
        }
    }

    @Test
    void refusesToDecodeAnUnknownReasonCode() {
        // Proves a reason this version does not know is an error, never silently read as another reason or none.
        String json = new String(WireCodec.encodeResult(TransferResult.rejected(
                new Transfer(COMMAND_ID, ALICE, BOB, 800, "EUR", null), Reason.INSUFFICIENT_FUNDS, null,
                DECIDED_AT)), StandardCharsets.UTF_8).replace("INSUFFICIENT_FUNDS", "NOT_ENOUGH_MONEY");

        assertThatIllegalArgumentException().isThrownBy(() -> WireCodec.decodeResult(utf8(json)))
                .withMessageContaining("NOT_ENOUGH_MONEY");
    }

    @Test
    void refusesToDecodeAnUnknownStatusOrType() {
        // Proves the other closed sets of a result are checked as strictly as reasons.
        String json = new String(WireCodec.encodeResult(TransferResult.applied(
                new Transfer(COMMAND_ID, ALICE, BOB, 800, "EUR", null), 0, 800, DECIDED_AT)), StandardCharsets.UTF_8);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> WireCodec.decodeResult(utf8(json.replace("APPLIED", "DONE"))));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> WireCodec.decodeResult(utf8(json.replace("\"transfer\"", "\"withdraw\""))));
    }

    @Test
    void writesDecidedAtAsUtcWithMilliseconds() {
        // Proves decided_at always has exactly three fraction digits, also on a whole second, where
        // Instant.toString would write "2026-11-25T12:00:00Z".
        Result result = OpenAccountResult.applied(OpenAccount.bounded(COMMAND_ID, ALICE, "EUR", 0),
                Instant.parse("2026-11-25T12:00:00Z"));

        assertThat(tree(WireCodec.encodeResult(result)).get("decided_at").stringValue())
                .isEqualTo("2026-11-25T12:00:00.000Z");
    }

    @Test
    void writesDecidedAtTruncatedToTheMillisecond() {
        // Proves a finer clock never leaks more digits onto the wire than the contract promises.
        Result result = OpenAccountResult.applied(OpenAccount.bounded(COMMAND_ID, ALICE, "EUR", 0),
                Instant.parse("2026-11-25T12:00:00.123456789Z"));

        assertThat(tree(WireCodec.encodeResult(result)).get("decided_at").stringValue())
                .isEqualTo("2026-11-25T12:00:00.123Z");
    }

    @Test
    void writesReasonAndReplayOnEveryResult() {
        // Proves an applied result carries "reason": null and "replay": false explicitly, as in the contract's
        // examples, so that clients need not tell an absent field from a null one.
        JsonNode applied = tree(WireCodec.encodeResult(TransferResult.applied(
                new Transfer(COMMAND_ID, ALICE, BOB, 1250, "EUR", null), 8750, 1250, DECIDED_AT)));

        assertThat(applied.has("reason")).isTrue();
        assertThat(applied.get("reason").isNull()).isTrue();
        assertThat(applied.get("replay").booleanValue()).isFalse();
        assertThat(applied.has("detail")).isFalse();
    }

    private static JsonNode tree(byte[] json) {
        return JSON.readTree(json);
    }
}
