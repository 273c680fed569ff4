package dev.tally.producer.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;

import dev.tally.contracts.CommandId;
import dev.tally.contracts.Result;
import dev.tally.contracts.WireCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "results", mixinStandardHelpOptions = true,
        description = {"Print results from the results topic (read_committed), one per line.",
                "Without --follow: every result from the beginning to the current end, then exit. With --follow: "
                        + "new results as they are committed, until interrupted (Ctrl-C) or --max is reached."})
final class ResultsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new results")
    boolean follow;

    @Option(names = "--from-beginning", description = "With --follow: start with the oldest result, not the newest")
    boolean fromBeginning;

    @Option(names = "--id", paramLabel = "UUID", converter = CommandIdConverter.class,
            description = "Only results of this command id")
    CommandId id;

    @Option(names = "--max", paramLabel = "N", description = "Stop after printing N results")
    Long max;

    @Option(names = "--json", description = "Print each result as contract JSON")
    boolean json;

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() {
        if (max != null) {
            Checks.positive("--max", max);
        }
        PrintWriter out = spec.commandLine().getOut();
        long printed = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka.consumerConfig())) {
            List<TopicPartition> partitions = partitions(consumer);
            consumer.assign(partitions);
            if (follow && !fromBeginning) {
                consumer.seekToEnd(partitions);
            } else {
                consumer.seekToBeginning(partitions);
            }
            Map<TopicPartition, Long> end = follow ? Map.of() : consumer.endOffsets(partitions);
            while (follow || !reached(consumer, end)) {
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Result result;
                    try {
                        result = WireCodec.decodeResultLeniently(record.value());
                    } catch (IllegalArgumentException e) {
                        spec.commandLine().getErr().println("results: skipping a record at " + record.topic() + "-"
                                + record.partition() + "@" + record.offset() + " that is not a result: "
                                + e.getMessage());
                        continue;
                    }
                    if (id != null && !id.equals(result.id())) {
                        continue;
                    }
                    out.println(ResultText.of(result, json));
                    out.flush();
                    printed++;
                    if (max != null && printed >= max) {
                        return TallyCli.EXIT_OK;
                    }
                }
            }
        } catch (InterruptException | WakeupException e) {
            // Interrupted while following: a normal way to stop.
        }
        return TallyCli.EXIT_OK;
    }

    private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer) {
        List<PartitionInfo> infos;
        try {
            infos = consumer.partitionsFor(kafka.resultsTopic, kafka.connectTimeout);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw CliException.usage("cannot reach Kafka at " + kafka.bootstrap + " within " + kafka.connectTimeout);
        }
        if (infos.isEmpty()) {
            throw CliException.usage("results topic " + kafka.resultsTopic + " does not exist");
        }
        return infos.stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
            if (consumer.position(partition.getKey()) < partition.getValue()) {
                return false;
            }
        }
        return true;
    }
}
