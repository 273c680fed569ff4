package dev.tally.demo;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A single-node KRaft broker inside this JVM, built from the Kafka jars, with the settings Kafka transactions need
 * on one node. It listens on a free localhost port.
 */
final class LocalKafka implements AutoCloseable {

    private final EmbeddedKafkaKraftBroker broker;

    private LocalKafka(EmbeddedKafkaKraftBroker broker) {
        this.broker = broker;
    }

    static LocalKafka start() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 12);
        broker.brokerProperty("transaction.state.log.replication.factor", "1");
        broker.brokerProperty("transaction.state.log.min.isr", "1");
        broker.brokerProperty("offsets.topic.replication.factor", "1");
        broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
        broker.brokerProperty("auto.create.topics.enable", "false");
        broker.afterPropertiesSet();
        return new LocalKafka(broker);
    }

    String bootstrap() {
        return broker.getBrokersAsString();
    }

    @Override
    public void close() {
        broker.destroy();
    }
}
