package dev.tally.worker.kafka;

import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import dev.tally.worker.WorkerSettings;
import dev.tally.worker.ledger.TopicIds;

/** Clients' topics (contract v1.2): where each commands topic's outcomes go, and which clients can be served. */
@Configuration(proxyBeanMethods = false)
class ClientConfiguration {

    /** How long one description of topics may take; it runs in the consumer's rebalance callback. */
    static final int DESCRIBE_TIMEOUT_MS = 5_000;

    @Bean
    ClientRoutes clientRoutes(WorkerSettings settings) {
        return new ClientRoutes(settings.topics(), settings.clients());
    }

    @Bean(destroyMethod = "close")
    ClientGate clientGate(KafkaProperties properties, ClientRoutes routes, TopicIds topicIds,
                          ObjectProvider<KafkaListenerEndpointRegistry> registry, WorkerSettings settings) {
        Map<String, Object> config = properties.buildAdminProperties();
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "tally-worker-clients");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, DESCRIBE_TIMEOUT_MS);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, DESCRIBE_TIMEOUT_MS);
        TopicCheck check = new TopicCheck(Admin.create(config), DESCRIBE_TIMEOUT_MS);
        return new ClientGate(routes, check, topicIds, registry, settings.clients());
    }
}
