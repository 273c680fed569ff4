package dev.tally.worker.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The worker's security settings, {@code tally.security.*}.
 *
 * @param readApi how the read API is meant to be served: {@code open} (no authentication, on purpose) or {@code jwt}
 *                (a bearer JWT on every request, checked with Spring Boot's
 *                {@code spring.security.oauth2.resourceserver.jwt.*}). Unset (the default), the read API checks a JWT
 *                when one of those settings is there, and is open otherwise — unless the worker's own Kafka
 *                connection uses SASL: a worker on a secured broker refuses to start with an open read API nobody
 *                chose. Naming {@code open} beside a JWT setting, or {@code jwt} without one, also stops start-up,
 *                so that the setting always means what it says.
 */
@ConfigurationProperties("tally.security")
public record SecuritySettings(ReadApi readApi) {

    /** The two ways to serve the read API. */
    public enum ReadApi {
        /** No authentication: anyone who reaches the port reads every account, as in contract v1.1. */
        OPEN,
        /** A bearer JWT on every request; a client reads its own accounts and commands only. */
        JWT
    }
}
