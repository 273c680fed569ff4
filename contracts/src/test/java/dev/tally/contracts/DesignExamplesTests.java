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

    /** The example with its placeholders filled in, the rest of the text left as DESIGN.md has it. */
    private static String filled(String example) {
        return example.replace("<uuid>", UUID)
                .replace("\"decided_at\":\"...\"", "\"decided_at\":\"2026-11-25T12:00:00.456Z\"")
                .replace(", ...}", ", \"decided_at\":\"2026-11-25T12:00:00.789Z\"}");
    }
}
