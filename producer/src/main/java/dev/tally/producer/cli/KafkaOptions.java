package dev.tally.producer.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
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

    @Option(names = "--command-config", paramLabel = "FILE", defaultValue = "${env:TALLY_COMMAND_CONFIG}",
            description = "Kafka client properties file (security.protocol, sasl.*, ssl.*: as Kafka's own tools "
                    + "take it), applied to every Kafka client of the command (env TALLY_COMMAND_CONFIG)")
    Path commandConfig;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "10s",
            converter = DurationConverter.class,
            description = "How long to wait for the broker (default: ${DEFAULT-VALUE})")
    Duration connectTimeout;

    /** A connected client; exit code 2 with the reason when the broker or a topic cannot be reached. */
    TransferClient connect(Duration defaultTimeout) {
        return connect(defaultTimeout, commandsTopic, resultsTopic);
    }

    /** A client connected to other topics than the options name (a v1.2 client's own), on the same broker. */
    TransferClient connect(Duration defaultTimeout, String commands, String results) {
        TransferClient client = TransferClient.builder()
                .properties(clientProperties())
                .bootstrapServers(bootstrap)
                .commandsTopic(commands)
                .resultsTopic(results)
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

    /**
     * The settings of {@code --command-config}, empty without it; the bootstrap comes from {@code --bootstrap}
     * whatever the file says.
     */
    Map<String, Object> clientProperties() {
        Map<String, Object> settings = new HashMap<>();
        if (commandConfig != null) {
            Properties file = new Properties();
            try (Reader reader = Files.newBufferedReader(commandConfig, StandardCharsets.UTF_8)) {
                file.load(reader);
            } catch (IOException e) {
                throw CliException.usage("--command-config: cannot read " + commandConfig + ": " + e);
            }
            file.stringPropertyNames().forEach(name -> settings.put(name, file.getProperty(name)));
        }
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return settings;
    }

    /** Settings for a plain {@code read_committed} consumer without a group. */
    Map<String, Object> consumerConfig() {
        Map<String, Object> config = clientProperties();
        config.putAll(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                "org.apache.kafka.common.serialization.ByteArrayDeserializer",
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                "org.apache.kafka.common.serialization.ByteArrayDeserializer",
                CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) connectTimeout.toMillis()));
        return config;
    }
}
