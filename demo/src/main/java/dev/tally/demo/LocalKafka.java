package dev.tally.demo;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import dev.tally.testkit.TallyServices;

/**
 * A single-node KRaft broker inside this JVM, built from the Kafka jars, with the settings Kafka transactions need
 * on one node. It listens on a free localhost port.
 */
public final class LocalKafka implements AutoCloseable {

    private final EmbeddedKafkaKraftBroker broker;

    private LocalKafka(EmbeddedKafkaKraftBroker broker) {
        this.broker = broker;
    }

    public static LocalKafka start() {
        return new LocalKafka(TallyServices.startEmbeddedBroker());
    }

    public String bootstrap() {
        return broker.getBrokersAsString();
    }

    @Override
    public void close() {
        broker.destroy();
    }
}
