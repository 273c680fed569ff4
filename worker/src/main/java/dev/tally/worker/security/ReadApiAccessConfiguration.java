package dev.tally.worker.security;

import java.util.Objects;
import java.util.stream.Stream;

import org.apache.kafka.clients.CommonClientConfigs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Decides at start-up how the read API is served ({@link ReadApiAccess}), warns when it is open, and shows the
 * decision in health as the {@code readApi} component: detail {@code access} ({@code open} or {@code jwt}) and, when
 * open, {@code warning} saying why.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecuritySettings.class)
class ReadApiAccessConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ReadApiAccessConfiguration.class);

    @Bean
    ReadApiAccess readApiAccess(SecuritySettings settings, ListableBeanFactory beans, KafkaProperties kafka) {
        // Spring Boot declares a JwtDecoder exactly when one of the spring.security.oauth2.resourceserver.jwt
        // settings that locate keys is there; asking for its name does not create it (nor fetch an issuer's keys).
        boolean jwtConfigured = beans.getBeanNamesForType(JwtDecoder.class, true, false).length > 0;
        ReadApiAccess access = ReadApiAccess.decide(settings.readApi(), jwtConfigured, saslProtocol(kafka));
        if (access.open()) {
            log.warn("The read API answers without authentication ({}): anyone who reaches the HTTP port reads "
                    + "every account. Set {} to check bearer tokens.", access.warning(), ReadApiAccess.JWT_SETTINGS);
        }
        return access;
    }

    @Bean
    HealthIndicator readApiHealthIndicator(ReadApiAccess access) {
        Health health = access.open()
                ? Health.up().withDetail("access", "open").withDetail("warning", access.warning()).build()
                : Health.up().withDetail("access", "jwt").build();
        return () -> health;
    }

    /**
     * The first SASL protocol among the worker's consumer, producer and admin settings (each may be set on its own,
     * through {@code spring.kafka.security.protocol}, {@code spring.kafka.consumer.security.protocol}, ... or a
     * {@code properties} map), else {@code null}.
     */
    private static String saslProtocol(KafkaProperties kafka) {
        return Stream.of(kafka.buildConsumerProperties(), kafka.buildProducerProperties(),
                        kafka.buildAdminProperties())
                .map(config -> config.get(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG))
                .filter(Objects::nonNull)
                .map(Object::toString)
                .filter(ReadApiAccess::isSasl)
                .findFirst()
                .orElse(null);
    }
}
