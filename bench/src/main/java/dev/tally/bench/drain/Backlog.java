package dev.tally.bench.drain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.tally.bench.ceiling.EchoCeiling;
import dev.tally.contracts.AccountId;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.Topics;
import dev.tally.contracts.Transfer;
import dev.tally.contracts.WireCodec;

/**
 * The drain's backlog: uniform transfers published straight into the commands topic with a plain fast producer
 * (real contract JSON from {@link WireCodec#encodeCommand}, keyed by debit account, amounts too small for any to be
 * refused for funds), and written into a {@code tally load} report after the set-up's, so that
 * {@code tally verify --report} checks each of them.
 */
final class Backlog {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Backlog() {
    }

    /**
     * Publishes {@code count} transfers over the accounts {@code <prefix>-00000} on, returned in publish order. One
     * request in flight keeps each partition in publish order even when a send is retried, so that
     * {@code tally verify} can check the order of decisions; the order of the backlog as a whole does not matter.
     */
    static List<Transfer> publish(String bootstrap, String prefix, int accounts, int count) {
        Map<String, Object> config = EchoCeiling.backlogProducerSettings(bootstrap);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        List<AccountId> ids = new ArrayList<>(accounts);
        for (int i = 0; i < accounts; i++) {
            ids.add(new AccountId(String.format("%s-%05d", prefix, i)));
        }
        List<Transfer> backlog = new ArrayList<>(count);
        Random random = new Random(7);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                int debit = random.nextInt(accounts);
                int credit = (debit + 1 + random.nextInt(accounts - 1)) % accounts;
                // Each account is funded with tally load's 1,000,000 and debited about count/accounts times by at
                // most 100: none is refused for funds.
                Transfer transfer = new Transfer(CommandId.random(), ids.get(debit), ids.get(credit),
                        1 + random.nextInt(100), "EUR", null);
                backlog.add(transfer);
                producer.send(new ProducerRecord<>(Topics.COMMANDS,
                        transfer.orderingKey().value().getBytes(StandardCharsets.UTF_8),
                        WireCodec.encodeCommand(transfer)));
            }
            producer.flush();
        }
        return backlog;
    }

    /** The set-up's report with the backlog appended in publish order, as {@code tally verify --report} reads it. */
    static void writeReport(Path setupReport, List<Transfer> backlog, Path report) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(setupReport.toFile());
        ArrayNode commands = (ArrayNode) root.get("commands");
        long sequence = 0;
        for (JsonNode command : commands) {
            sequence = Math.max(sequence, command.get("seq").asLong() + 1);
        }
        ObjectNode figures = root.putObject("figures");
        figures.put("setup_commands", commands.size());
        figures.put("preloaded", backlog.size());
        for (Transfer transfer : backlog) {
            ObjectNode node = commands.addObject();
            node.put("seq", sequence++);
            node.put("id", transfer.id().toString());
            node.put("kind", "transfer");
            node.put("type", transfer.type().wireName());
            node.put("ordering_key", transfer.orderingKey().value());
            node.put("debit_account_id", transfer.debitAccountId().value());
            node.put("credit_account_id", transfer.creditAccountId().value());
            node.put("amount", transfer.amount());
        }
        JSON.writeValue(report.toFile(), root);
    }
}
