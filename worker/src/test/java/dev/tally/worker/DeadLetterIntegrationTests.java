package dev.tally.worker;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.DeadLetterReason;
import dev.tally.contracts.Headers;
import dev.tally.contracts.Transfer;
import dev.tally.contracts.TransferResult;
import dev.tally.contracts.WireCodec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dead-letter rules of contract v1, one test per kind of record that is not a command. Each bad record is
 * published with its own key and a trace header, and must come out on the dead-letter topic exactly once with its
 * reason, a detail, where it was read from, and its key, value and headers unchanged. It must get no result and
 * move no money, and its partition must keep flowing: a valid transfer published right after it with the same key
 * is decided.
 */
class DeadLetterIntegrationTests extends WorkerIntegrationTest {

    /** A header the worker knows nothing about; its value is unique to each test and finds that test's dead letter. */

    private static final long FUNDS = 1_000;

    @Test
    void deadLettersTruncatedJsonAsMalformedJson() {
        // A transfer cut short before its closing brace is not JSON, so it is dead-lettered rather than guessed at.
        Lane lane = openLane();
        CommandId id = CommandId.random();
        String command = lane.transfer(id);

        assertDeadLetteredAndPartitionFlows(lane, utf8(command.substring(0, command.length() - 1)),
                DeadLetterReason.MALFORMED_JSON, id);
    }

    @Test
    void deadLettersInvalidUtf8AsMalformedJson() {
        // A transfer whose reference holds the byte 0xFF, which never occurs in UTF-8, is dead-lettered rather than
        // decoded leniently (with a replacement character) and applied.
        Lane lane = openLane();
        CommandId id = CommandId.random();
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        String command = lane.transfer(id);
        value.writeBytes(utf8(command.substring(0, command.length() - 1) + ",\"reference\":\"caf"));
        value.write(0xFF);
        value.writeBytes(utf8("\"}"));

        assertDeadLetteredAndPartitionFlows(lane, value.toByteArray(), DeadLetterReason.MALFORMED_JSON, id);
    }

    @Test
    void deadLettersEmptyValueAsMalformedJson() {
        // A record whose value is zero bytes long is dead-lettered, and its copy keeps an empty (not a null) value.
        Lane lane = openLane();

        assertDeadLetteredAndPartitionFlows(lane, new byte[0], DeadLetterReason.MALFORMED_JSON, null);
    }

    @Test
    void deadLettersTombstoneAsMalformedJson() {
        // A record with a null value (a tombstone) is dead-lettered, and its copy is a tombstone too.
        Lane lane = openLane();

        assertDeadLetteredAndPartitionFlows(lane, null, DeadLetterReason.MALFORMED_JSON, null);
    }

    @Test
    void deadLettersJsonArrayAsNotAnObject() {
        // A valid transfer wrapped in a JSON array is not a command, so it is dead-lettered rather than unwrapped.
        Lane lane = openLane();
        CommandId id = CommandId.random();

        assertDeadLetteredAndPartitionFlows(lane, utf8("[" + lane.transfer(id) + "]"),
                DeadLetterReason.NOT_AN_OBJECT, id);
    }

    @Test
    void deadLettersJsonScalarAsNotAnObject() {
        // A JSON string whose text is a valid transfer is a scalar, so it is dead-lettered rather than parsed twice.
        Lane lane = openLane();
        CommandId id = CommandId.random();
        String quoted = "\"" + lane.transfer(id).replace("\"", "\\\"") + "\"";

        assertDeadLetteredAndPartitionFlows(lane, utf8(quoted), DeadLetterReason.NOT_AN_OBJECT, id);
    }

    @Test
    void deadLettersCommandWithoutIdAsMissingId() {
        // A transfer with every field but the id cannot be answered under any id, so it is dead-lettered.
        Lane lane = openLane();

        assertDeadLetteredAndPartitionFlows(lane, utf8("{\"type\":\"transfer\"," + lane.fields() + "}"),
                DeadLetterReason.MISSING_ID, null);
    }

    @Test
    void deadLettersCommandWhoseIdIsNotACanonicalUuidAsMissingId() {
        // An id one hexadecimal digit short of the 8-4-4-4-12 form, which java.util.UUID.fromString would still
        // accept, is dead-lettered, and the UUID a lenient parser would read from it never gets a result.
        Lane lane = openLane();
        String shortened = UUID.randomUUID().toString().substring(1);
        CommandId lenientReading = new CommandId(UUID.fromString(shortened));

        assertDeadLetteredAndPartitionFlows(lane,
                utf8("{\"type\":\"transfer\",\"id\":\"" + shortened + "\"," + lane.fields() + "}"),
                DeadLetterReason.MISSING_ID, lenientReading);
    }

    @Test
    void deadLettersCommandOfUnknownTypeAsUnknownType() {
        // A valid id with a type no contract version knows is dead-lettered, never answered with a result.
        Lane lane = openLane();
        CommandId id = CommandId.random();

        assertDeadLetteredAndPartitionFlows(lane,
                utf8("{\"type\":\"refund\",\"id\":\"" + id + "\"," + lane.fields() + "}"),
                DeadLetterReason.UNKNOWN_TYPE, id);
    }

    @Test
    void deadLettersCommandWithoutTypeAsUnknownType() {
        // A valid id and transfer fields without a type are dead-lettered rather than taken for a transfer.
        Lane lane = openLane();
        CommandId id = CommandId.random();

        assertDeadLetteredAndPartitionFlows(lane, utf8("{\"id\":\"" + id + "\"," + lane.fields() + "}"),
                DeadLetterReason.UNKNOWN_TYPE, id);
    }

    @Test
    void deadLettersValueOneByteOver64KibAsTooLarge() {
        // A valid transfer padded to 65,537 bytes with an unknown field is dead-lettered unparsed, whole.
        Lane lane = openLane();
        CommandId id = CommandId.random();
        byte[] value = lane.paddedTransfer(id, WireCodec.MAX_COMMAND_BYTES + 1);
        assertThat(value).hasSize(65_537);

        assertDeadLetteredAndPartitionFlows(lane, value, DeadLetterReason.TOO_LARGE, id);
    }

    @Test
    void appliesCommandOfExactly64Kib() {
        // The size limit is inclusive: the same padded transfer at exactly 65,536 bytes is decided and applied.
        Lane lane = openLane();
        CommandId id = CommandId.random();
        byte[] value = lane.paddedTransfer(id, WireCodec.MAX_COMMAND_BYTES);
        assertThat(value).hasSize(65_536);

        harness().sendRaw(lane.key(), value, List.of());

        TransferResult result = (TransferResult) awaitResult(id);
        assertThat(result.applied()).as("%s", result).isTrue();
        assertThat(result.debitBalance()).isEqualTo(FUNDS - Lane.AMOUNT);
    }

    /**
     * Publishes {@code value} under the lane's key with a unique trace header, then a valid transfer of 1 under the
     * same key, and checks that: the transfer is decided as if the bad record had never been published (its
     * partition flows and no money moved); exactly one dead letter carries {@code reason}, a detail, where the
     * record was read from, and its key, value and trace header unchanged; and {@code embeddedId}, the id a careless
     * parser could read in the bad record ({@code null} when there is none), never gets a result.
     */
    private void assertDeadLetteredAndPartitionFlows(Lane lane, byte[] value, DeadLetterReason reason,
                                                     CommandId embeddedId) {
        byte[] trace = utf8("trace-" + UUID.randomUUID());
        RecordMetadata bad = harness().sendRaw(lane.key(), value, List.of(new RecordHeader(TRACE_HEADER, trace)));

        CommandId nextId = embeddedId == null ? CommandId.random() : idOnSameResultsPartitionAs(embeddedId);
        Transfer next = new Transfer(nextId, lane.payer(), lane.payee(), 1, "EUR", null);
        RecordMetadata sent = harness().sendRaw(lane.key(), WireCodec.encodeCommand(next), List.of());
        assertThat(sent.partition()).as("partition of the transfer with the same key").isEqualTo(bad.partition());

        TransferResult decided = (TransferResult) awaitResult(nextId);
        assertThat(decided.applied()).as("%s", decided).isTrue();
        assertThat(decided.debitBalance()).as("payer's balance after the bad record and the transfer")
                .isEqualTo(FUNDS - 1);
        if (embeddedId != null) {
            assertThat(harness().results(embeddedId)).as("results for %s", embeddedId).isEmpty();
        }

        ConsumerRecord<byte[], byte[]> letter = awaitDeadLetter(trace);
        assertThat(header(letter, Headers.DLT_REASON)).isEqualTo(reason.code());
        assertThat(header(letter, Headers.DLT_DETAIL)).isNotBlank();
        assertThat(header(letter, Headers.DLT_ORIGINAL_TOPIC)).isEqualTo(settings.topics().commands());
        assertThat(header(letter, Headers.DLT_ORIGINAL_PARTITION)).isEqualTo(Integer.toString(bad.partition()));
        assertThat(header(letter, Headers.DLT_ORIGINAL_OFFSET)).isEqualTo(Long.toString(bad.offset()));
        assertThat(letter.key()).isEqualTo(lane.key());
        assertThat(letter.value()).isEqualTo(value);
        assertThat(letter.headers().headers(TRACE_HEADER)).extracting(Header::value).containsExactly(trace);
    }

    /**
     * A fresh command id whose result goes to the same results partition as {@code other}'s would. Results are
     * keyed by command id, so a result for {@code other} published before this id's would also be read before it:
     * once this id's result has been read, the absence of one for {@code other} is settled without waiting.
     */
    private CommandId idOnSameResultsPartitionAs(CommandId other) {
        int partitions = settings.topics().partitions();
        int target = resultsPartition(other, partitions);
        CommandId id = CommandId.random();
        while (resultsPartition(id, partitions) != target) {
            id = CommandId.random();
        }
        return id;
    }

    /** The partition Kafka's default partitioner picks for a result keyed by {@code id}. */
    private static int resultsPartition(CommandId id, int partitions) {
        return Utils.toPositive(Utils.murmur2(utf8(id.toString()))) % partitions;
    }

    /** The text of the one header named {@code name}. */
    private static String header(ConsumerRecord<byte[], byte[]> letter, String name) {
        assertThat(letter.headers().headers(name)).as("headers named %s", name).hasSize(1);
        return new String(letter.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    /** A funded payer, whose id keys the bad record and the transfer after it, and a payee in the same currency. */
    private static Lane openLane() {
        return new Lane(openFunded("payer", FUNDS), open("payee", "EUR", 0));
    }

    private record Lane(AccountId payer, AccountId payee) {

        /** The amount of the transfer a bad record embeds; a careless parser applying it would change the balance. */
        static final long AMOUNT = 100;

        byte[] key() {
            return utf8(payer.value());
        }

        /** The members of a valid transfer other than type and id, as JSON text. */
        String fields() {
            return "\"debit_account_id\":\"%s\",\"credit_account_id\":\"%s\",\"amount\":%d,\"currency\":\"EUR\""
                    .formatted(payer, payee, AMOUNT);
        }

        String transfer(CommandId id) {
            return "{\"type\":\"transfer\",\"id\":\"" + id + "\"," + fields() + "}";
        }

        /** A valid transfer made exactly {@code size} bytes long by an unknown field, which the contract ignores. */
        byte[] paddedTransfer(CommandId id, int size) {
            String prefix = "{\"type\":\"transfer\",\"id\":\"" + id + "\"," + fields() + ",\"padding\":\"";
            String suffix = "\"}";
            return utf8(prefix + "x".repeat(size - prefix.length() - suffix.length()) + suffix);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
