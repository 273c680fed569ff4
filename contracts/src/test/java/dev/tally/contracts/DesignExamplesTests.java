package dev.tally.contracts;

import static dev.tally.contracts.WireJson.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

/**
 * The examples of DESIGN.md, "Wire contract v1", copied literally. Only their placeholders are filled in: a UUID for
 * {@code <uuid>}, an instant for {@code "..."}, and the one field a result cannot do without for the trailing
 * {@code ...}.
 */
class DesignExamplesTests {

    private static final String UUID = "3f1c9a52-7b4e-4d8a-9c21-5e6f7a8b9c0d";

    private static final String OPEN_ACCOUNT_COMMAND = """
            {"type":"open_account", "id":"<uuid>", "account_id":"alice", "currency":"EUR", "overdraft_limit":0}
            """;

    private static final String TRANSFER_COMMAND = """
            {"type":"transfer", "id":"<uuid>", "debit_account_id":"alice", "credit_account_id":"bob",
             "amount":1250, "currency":"EUR", "reference":"order-42"}
            """;

    private static final String APPLIED_TRANSFER_RESULT = """
            {"id":"<uuid>", "type":"transfer", "status":"APPLIED", "reason":null, "replay":false,
             "debit_account_id":"alice", "credit_account_id":"bob", "amount":1250, "currency":"EUR",
             "debit_balance":8750, "credit_balance":1250, "decided_at":"2026-11-25T12:00:00.123Z"}
            """;

    private static final String REJECTED_TRANSFER_RESULT = """
            {"id":"<uuid>", "type":"transfer", "status":"REJECTED", "reason":"INSUFFICIENT_FUNDS",
             "detail":"alice has 700, needs 800", "replay":false, ...}
            """;

    private static final String APPLIED_OPEN_ACCOUNT_RESULT = """
            {"id":"<uuid>", "type":"open_account", "status":"APPLIED", "reason":null, "replay":false,
             "account_id":"alice", "currency":"EUR", "overdraft_limit":0, "unbounded":false, "decided_at":"..."}
            """;

    private static final String PENDING_UUID = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

    // Wire contract v1.1, copied literally as well (the comment after the post example left out).
    private static final String PENDING_TRANSFER_COMMAND = """
            {"type":"transfer", "id":"<uuid>", "debit_account_id":"alice", "credit_account_id":"shop", "amount":5000,
             "currency":"EUR", "pending":true, "timeout_seconds":3600}
            """;

    private static final String POST_PENDING_COMMAND = """
            {"type":"post_pending", "id":"<uuid>", "pending_id":"<uuid of the pending transfer>", "amount":4200}
            """;

    private static final String VOID_PENDING_COMMAND = """
            {"type":"void_pending", "id":"<uuid>", "pending_id":"<uuid of the pending transfer>"}
            """;

    private static final String LINKED_TRANSFERS_COMMAND = """
            {"type":"linked_transfers", "id":"<uuid>", "transfers":[
               {"debit_account_id":"alice","credit_account_id":"shop","amount":9800,"currency":"EUR","reference":"order-7"},
               {"debit_account_id":"alice","credit_account_id":"fees","amount":200,"currency":"EUR"}]}
            """;

    private static final String CLOSE_ACCOUNT_COMMAND = """
            {"type":"close_account", "id":"<uuid>", "account_id":"alice"}
            """;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void readsTheOpenAccountExampleAsABoundedAccountThatMayNotGoNegative() {
        // Proves the documented opening parses as a valid command with a limit of zero.
        Command command = WireJson.parseValid(utf8(filled(OPEN_ACCOUNT_COMMAND)));

        assertThat(command).isEqualTo(OpenAccount.bounded(CommandId.parse(UUID), new AccountId("alice"), "EUR", 0));
    }

    @Test
    void readsTheTransferExampleAsATransferOfTwelveFiftyFromAliceToBob() {
        // Proves the documented transfer, line breaks included, parses as a valid command with every field.
        Command command = WireJson.parseValid(utf8(filled(TRANSFER_COMMAND)));

        assertThat(command).isEqualTo(new Transfer(CommandId.parse(UUID), new AccountId("alice"),
                new AccountId("bob"), 1250, "EUR", "order-42"));
    }

    @Test
    void decodesTheAppliedTransferExampleAndWritesItBackFieldForField() {
        // Proves the documented applied result decodes with its balances, and that the codec writes exactly the
        // documented fields and values for it.
        byte[] example = utf8(filled(APPLIED_TRANSFER_RESULT));
        Result result = WireCodec.decodeResult(example);

        assertThat(result).isEqualTo(new TransferResult(CommandId.parse(UUID), Status.APPLIED, null, null, false,
                new AccountId("alice"), new AccountId("bob"), 1250L, "EUR", null, 8750L, 1250L,
                Instant.parse("2026-11-25T12:00:00.123Z")));
        assertThat(JSON.readTree(WireCodec.encodeResult(result))).isEqualTo(JSON.readTree(example));
    }

    @Test
    void decodesTheRejectedTransferExampleWithItsReasonAndDetail() {
        // Proves the documented rejection decodes as REJECTED for INSUFFICIENT_FUNDS, its detail kept.
        Result result = WireCodec.decodeResult(utf8(filled(REJECTED_TRANSFER_RESULT)));

        assertThat(result).isInstanceOf(TransferResult.class);
        assertThat(result.id()).isEqualTo(CommandId.parse(UUID));
        assertThat(result.status()).isEqualTo(Status.REJECTED);
        assertThat(result.applied()).isFalse();
        assertThat(result.reason()).isEqualTo(Reason.INSUFFICIENT_FUNDS);
        assertThat(result.detail()).isEqualTo("alice has 700, needs 800");
        assertThat(result.replay()).isFalse();
    }

    @Test
    void decodesTheAppliedOpenAccountExampleAndWritesItBackFieldForField() {
        // Proves the documented opening result decodes as a bounded account, and the codec writes it back as
        // documented, "unbounded": false included.
        byte[] example = utf8(filled(APPLIED_OPEN_ACCOUNT_RESULT));
        Result result = WireCodec.decodeResult(example);

        assertThat(result).isEqualTo(new OpenAccountResult(CommandId.parse(UUID), Status.APPLIED, null, null, false,
                new AccountId("alice"), "EUR", 0L, false, Instant.parse("2026-11-25T12:00:00.456Z")));
        assertThat(JSON.readTree(WireCodec.encodeResult(result))).isEqualTo(JSON.readTree(example));
    }

    @Test
    void readsThePendingTransferExampleAsAHoldOfFiftyEurosForAnHour() {
        // Proves the documented v1.1 hold parses with pending true and its timeout, and is ordered by alice.
        Command command = WireJson.parseValid(utf8(filled(PENDING_TRANSFER_COMMAND)));

        assertThat(command).isEqualTo(Transfer.pending(CommandId.parse(UUID), new AccountId("alice"),
                new AccountId("shop"), 5000, "EUR", null, 3600L));
    }

    @Test
    void readsThePostAndVoidExamplesAsNamingThePendingTransfer() {
        // Proves the documented post (with its smaller amount) and void parse as commands on the pending transfer.
        assertThat(WireJson.parseValid(utf8(filled(POST_PENDING_COMMAND))))
                .isEqualTo(new PostPending(CommandId.parse(UUID), CommandId.parse(PENDING_UUID), 4200L));
        assertThat(WireJson.parseValid(utf8(filled(VOID_PENDING_COMMAND))))
                .isEqualTo(new VoidPending(CommandId.parse(UUID), CommandId.parse(PENDING_UUID)));
    }

    @Test
    void readsTheLinkedExampleAsAPurchaseAndItsFeeInOrder() {
        // Proves the documented linked command parses with both legs, in order, keyed by the first leg's debit.
        Command command = WireJson.parseValid(utf8(filled(LINKED_TRANSFERS_COMMAND)));

        assertThat(command).isEqualTo(new LinkedTransfers(CommandId.parse(UUID), java.util.List.of(
                new LinkedTransfers.Leg(new AccountId("alice"), new AccountId("shop"), 9800, "EUR", "order-7"),
                new LinkedTransfers.Leg(new AccountId("alice"), new AccountId("fees"), 200, "EUR", null))));
        assertThat(command.orderingKey()).isEqualTo(new AccountId("alice"));
    }

    @Test
    void readsTheCloseAccountExample() {
        // Proves the documented closing parses and is keyed by the account.
        Command command = WireJson.parseValid(utf8(filled(CLOSE_ACCOUNT_COMMAND)));

        assertThat(command).isEqualTo(new CloseAccount(CommandId.parse(UUID), new AccountId("alice")));
        assertThat(command.orderingKey()).isEqualTo(new AccountId("alice"));
    }

    /** Every command example, filled in; {@link CodecEquivalenceTests} reads them (and damaged copies) too. */
    static java.util.List<String> commandExamples() {
        return java.util.stream.Stream.of(OPEN_ACCOUNT_COMMAND, TRANSFER_COMMAND, PENDING_TRANSFER_COMMAND,
                POST_PENDING_COMMAND, VOID_PENDING_COMMAND, LINKED_TRANSFERS_COMMAND, CLOSE_ACCOUNT_COMMAND)
                .map(DesignExamplesTests::filled).toList();
    }

    /** Every result example, filled in. */
    static java.util.List<String> resultExamples() {
        return java.util.stream.Stream.of(APPLIED_TRANSFER_RESULT, REJECTED_TRANSFER_RESULT,
                APPLIED_OPEN_ACCOUNT_RESULT).map(DesignExamplesTests::filled).toList();
    }

    /** The example with its placeholders filled in, the rest of the text left as DESIGN.md has it. */
    private static String filled(String example) {
        return example.replace("<uuid of the pending transfer>", PENDING_UUID).replace("<uuid>", UUID)
                .replace("\"decided_at\":\"...\"", "\"decided_at\":\"2026-11-25T12:00:00.456Z\"")
                .replace(", ...}", ", \"decided_at\":\"2026-11-25T12:00:00.789Z\"}");
    }
}
