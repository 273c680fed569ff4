package dev.tally.producer.cli;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;

import dev.tally.producer.client.TransferClient;
import picocli.CommandLine.Option;

/** Where the broker and topics are; flags win over the environment, which wins over the defaults. */
final class KafkaOptions {

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            defaultValue = "${env:TALLY_KAFKA_BOOTSTRAP:-localhost:9092}",
            description = "Kafka bootstrap servers (env TALLY_KAFKA_BOOTSTRAP; default: ${DEFAULT-VALUE})")
    String bootstrap;

    @Option(names = "--commands-topic", paramLabel = "TOPIC",
            defaultValue = "${env:TALLY_COMMANDS_TOPIC:-tally.commands}",
            description = "Commands topic (env TALLY_COMMANDS_TOPIC; default: ${DEFAULT-VALUE})")
    String commandsTopic;

    @Option(names = "--results-topic", paramLabel = "TOPIC",
            defaultValue = "${env:TALLY_RESULTS_TOPIC:-tally.results}",
            description = "Results topic (env TALLY_RESULTS_TOPIC; default: ${DEFAULT-VALUE})")
    String resultsTopic;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "10s",
            converter = DurationConverter.class,
            description = "How long to wait for the broker (default: ${DEFAULT-VALUE})")
    Duration connectTimeout;

    /** A connected client; exit code 2 with the reason when the broker or a topic cannot be reached. */
    TransferClient connect(Duration defaultTimeout) {
        TransferClient client = TransferClient.builder()
                .bootstrapServers(bootstrap)
                .commandsTopic(commandsTopic)
                .resultsTopic(resultsTopic)
                .connectTimeout(connectTimeout)
                .defaultTimeout(defaultTimeout)
                .build();
        try {
            client.ready().get(connectTimeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
            return client;
        } catch (ExecutionException e) {
            client.close();
            throw CliException.usage("cannot connect to Kafka at " + bootstrap + ": " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            client.close();
            throw CliException.usage("cannot connect to Kafka at " + bootstrap + " within " + connectTimeout);
        } catch (InterruptedException e) {
            client.close();
            Thread.currentThread().interrupt();
            throw CliException.usage("interrupted while connecting to Kafka");
        }
    }

    /** Settings for a plain {@code read_committed} consumer without a group. */
    Map<String, Object> consumerConfig() {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                "org.apache.kafka.common.serialization.ByteArrayDeserializer",
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                "org.apache.kafka.common.serialization.ByteArrayDeserializer",
                CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) connectTimeout.toMillis());
    }
}
