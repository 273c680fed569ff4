package dev.tally.contracts;

import static dev.tally.contracts.WireJson.ID;
import static dev.tally.contracts.WireJson.PENDING_ID;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The v1.1 commands and results read back as written, and their wire fields. */
class V11RoundTripTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final CommandId COMMAND_ID = CommandId.parse(ID);
    private static final CommandId HOLD_ID = CommandId.parse(PENDING_ID);
    private static final Instant DECIDED_AT = Instant.parse("2026-11-25T12:00:00.123Z");
    private static final AccountId ALICE = new AccountId("alice");
    private static final AccountId SHOP = new AccountId("shop");

    static Stream<Command> commands() {
        return Stream.of(
                Transfer.pending(COMMAND_ID, ALICE, SHOP, 5000, "EUR", "auth-1", 3600L),
                Transfer.pending(COMMAND_ID, ALICE, SHOP, 5000, "EUR", null, null),
                new PostPending(COMMAND_ID, HOLD_ID, 4200L),
                new PostPending(COMMAND_ID, HOLD_ID, null),
                new VoidPending(COMMAND_ID, HOLD_ID),
                new LinkedTransfers(COMMAND_ID, List.of(
                        new LinkedTransfers.Leg(ALICE, SHOP, 9800, "EUR", "order-7"),
                        new LinkedTransfers.Leg(ALICE, new AccountId("fees"), 200, "EUR", null))),
                new CloseAccount(COMMAND_ID, ALICE));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void readsBackEveryV11CommandItWrites(Command command) {
        // Proves encodeCommand writes only what parseCommand reads as the very same command.
        assertThat(WireCodec.parseCommand(WireCodec.encodeCommand(command)))
                .isEqualTo(new ParsedRecord.Valid(command));
    }

    static Stream<Result> results() {
        Transfer hold = Transfer.pending(COMMAND_ID, ALICE, SHOP, 5000, "EUR", null, 3600L);
        PostPending post = new PostPending(COMMAND_ID, HOLD_ID, 4200L);
        VoidPending release = new VoidPending(COMMAND_ID, HOLD_ID);
        LinkedTransfers linked = new LinkedTransfers(COMMAND_ID, List.of(
                new LinkedTransfers.Leg(ALICE, SHOP, 9800, "EUR", null)));
        CloseAccount close = new CloseAccount(COMMAND_ID, ALICE);
        return Stream.of(
                TransferResult.applied(hold, 10000, 0, DECIDED_AT),
                TransferResult.applied(Transfer.pending(COMMAND_ID, ALICE, SHOP, 1, "EUR", null, null), 5, 0,
                        DECIDED_AT),
                TransferResult.rejected(hold, Reason.DEBIT_ACCOUNT_CLOSED, "closed", DECIDED_AT),
                PendingResolutionResult.applied(post, HOLD_ID, ALICE, SHOP, 4200, "EUR", 5800, 4200, DECIDED_AT),
                PendingResolutionResult.rejected(post, HOLD_ID, null, null, null,
                        Reason.PENDING_TRANSFER_NOT_FOUND, "no such hold", DECIDED_AT).withReplay(true),
                PendingResolutionResult.applied(release, HOLD_ID, ALICE, SHOP, 5000, "EUR", 10000, 0, DECIDED_AT),
                LinkedTransfersResult.applied(linked, List.of(new LinkedTransfersResult.LegBalances(-9800, 9800)),
                        DECIDED_AT),
                LinkedTransfersResult.rejected(linked, 0, Reason.INSUFFICIENT_FUNDS, "alice has 0", DECIDED_AT),
                CloseAccountResult.applied(close, DECIDED_AT),
                CloseAccountResult.rejected(close, Reason.ACCOUNT_NOT_EMPTY, "alice has 5", DECIDED_AT),
                Result.ofInvalid(new ParsedRecord.Invalid(COMMAND_ID, CommandType.LINKED_TRANSFERS,
                        Reason.INVALID_AMOUNT, "transfers[2].amount must be at least 1", "x"), DECIDED_AT));
    }

    @ParameterizedTest
    @MethodSource("results")
    void readsBackEveryV11ResultItWrites(Result result) {
        // Proves encodeResult and decodeResult agree on every v1.1 result shape, applied, rejected and invalid.
        assertThat(WireCodec.decodeResult(WireCodec.encodeResult(result))).isEqualTo(result);
    }

    @Test
    void writesAHoldWithPendingAndExpiresAtAndAPlainTransferWithout() {
        // Proves a v1 client sees no new field on a plain transfer, and a hold's expiry is decided_at + timeout.
        Transfer hold = Transfer.pending(COMMAND_ID, ALICE, SHOP, 5000, "EUR", null, 3600L);
        JsonNode written = tree(WireCodec.encodeResult(TransferResult.applied(hold, 10000, 0, DECIDED_AT)));
        JsonNode plain = tree(WireCodec.encodeResult(TransferResult.applied(
                new Transfer(COMMAND_ID, ALICE, SHOP, 5000, "EUR", null), 5000, 5000, DECIDED_AT)));

        assertThat(written.get("pending").booleanValue()).isTrue();
        assertThat(written.get("expires_at").stringValue()).isEqualTo("2026-11-25T13:00:00.123Z");
        assertThat(plain.has("pending")).isFalse();
        assertThat(plain.has("expires_at")).isFalse();
    }

    @Test
    void writesPostResultsWithThePendingIdTheAmountMovedAndBothBalances() {
        // Proves the documented fields of a post result.
        JsonNode written = tree(WireCodec.encodeResult(PendingResolutionResult.applied(
                new PostPending(COMMAND_ID, HOLD_ID, 4200L), HOLD_ID, ALICE, SHOP, 4200, "EUR", 5800, 4200,
                DECIDED_AT)));

        assertThat(written.get("type").stringValue()).isEqualTo("post_pending");
        assertThat(written.get("pending_id").stringValue()).isEqualTo(PENDING_ID);
        assertThat(written.get("amount").longValue()).isEqualTo(4200);
        assertThat(written.get("debit_balance").longValue()).isEqualTo(5800);
        assertThat(written.get("credit_balance").longValue()).isEqualTo(4200);
    }

    @Test
    void writesLegsOnAnAppliedLinkedResultAndFailedLegOnARejectedOne() {
        // Proves "legs" in order on success, and "failed_leg" with the leg's reason on failure.
        LinkedTransfers linked = new LinkedTransfers(COMMAND_ID, List.of(
                new LinkedTransfers.Leg(ALICE, SHOP, 9800, "EUR", null),
                new LinkedTransfers.Leg(ALICE, new AccountId("fees"), 200, "EUR", null)));
        JsonNode applied = tree(WireCodec.encodeResult(LinkedTransfersResult.applied(linked, List.of(
                new LinkedTransfersResult.LegBalances(200, 9800), new LinkedTransfersResult.LegBalances(0, 200)),
                DECIDED_AT)));
        JsonNode rejected = tree(WireCodec.encodeResult(LinkedTransfersResult.rejected(linked, 1,
                Reason.INSUFFICIENT_FUNDS, "alice has 200, needs 300", DECIDED_AT)));

        assertThat(applied.get("legs").get(1).get("debit_balance").longValue()).isZero();
        assertThat(applied.get("legs").get(1).get("credit_balance").longValue()).isEqualTo(200);
        assertThat(applied.has("failed_leg")).isFalse();
        assertThat(rejected.get("failed_leg").intValue()).isEqualTo(1);
        assertThat(rejected.get("reason").stringValue()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(rejected.has("legs")).isFalse();
    }

    private static JsonNode tree(byte[] json) {
        return JSON.readTree(json);
    }
}
