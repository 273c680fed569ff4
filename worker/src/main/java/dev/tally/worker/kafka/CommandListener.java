package dev.tally.worker.kafka;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import dev.tally.contracts.ParsedRecord;
import dev.tally.contracts.Result;
import dev.tally.contracts.WireCodec;
import dev.tally.worker.WorkerSettings;
import dev.tally.worker.ledger.Ledger;
import dev.tally.worker.ledger.RecordSource;

/**
 * Reads each poll of the commands topic inside one Kafka transaction. Every record ends as exactly one of: a
 * result on the results topic, or a dead letter. The database transaction of each command commits first; if
 * anything fails after that, the Kafka transaction aborts, the batch comes again, and the ledger answers the
 * already-decided records from their stored outcome.
 */
@Component
class CommandListener {

    private static final Logger log = LoggerFactory.getLogger(CommandListener.class);

    private final Ledger ledger;
    private final DeadLetters deadLetters;
    private final KafkaTemplate<byte[], byte[]> kafka;
    private final WorkerSettings settings;

    CommandListener(Ledger ledger, DeadLetters deadLetters, KafkaTemplate<byte[], byte[]> kafka,
                    WorkerSettings settings) {
        this.ledger = ledger;
        this.deadLetters = deadLetters;
        this.kafka = kafka;
        this.settings = settings;
    }

    @KafkaListener(id = "tally-commands", topics = "#{__listener.commandsTopic}", groupId = "#{__listener.groupId}",
            containerFactory = "commandListenerContainerFactory", batch = "true")
    void onCommands(List<ConsumerRecord<byte[], byte[]>> records) {
        String resultsTopic = settings.topics().results();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            ParsedRecord parsed = WireCodec.parseCommand(record.value());
            if (parsed instanceof ParsedRecord.Unusable unusable) {
                deadLetters.publish(record, unusable);
                continue;
            }
            ParsedRecord.Identified command = (ParsedRecord.Identified) parsed;
            RecordSource source = new RecordSource(record.topic(), record.partition(), record.offset());
            Result result;
            try {
                result = ledger.apply(command, source);
            } catch (RuntimeException e) {
                log.warn("command {} at {} could not be decided: {}; the batch of {} records is rolled back and "
                        + "retried", command.id(), source, e.toString(), records.size());
                throw e;
            }
            kafka.send(resultsTopic, result.id().toString().getBytes(StandardCharsets.UTF_8),
                    WireCodec.encodeResult(result));
        }
    }

    public String getCommandsTopic() {
        return settings.topics().commands();
    }

    public String getGroupId() {
        return settings.groupId();
    }
}
