package dev.tally.worker.security;

import java.util.Locale;

import dev.tally.worker.security.SecuritySettings.ReadApi;

/**
 * How this worker serves its read API, decided once at start-up from {@link SecuritySettings}, whether a JWT decoder
 * is configured and the security protocol of the worker's own Kafka connection.
 *
 * @param open    {@code true} when the read API answers without authentication
 * @param warning when open, why, as health shows it ({@code "open: no JWT issuer configured"}); {@code null} otherwise
 */
public record ReadApiAccess(boolean open, String warning) {

    /** The settings that configure a JWT decoder in Spring Boot, named in messages. */
    static final String JWT_SETTINGS = "spring.security.oauth2.resourceserver.jwt.issuer-uri, jwk-set-uri or "
            + "public-key-location";

    /**
     * Decides, or refuses with a message naming the settings to change.
     *
     * @param chosen         {@code tally.security.read-api}, {@code null} when unset
     * @param jwtConfigured  whether Spring Boot has a JWT decoder to check bearer tokens with
     * @param kafkaProtocol  the {@code security.protocol} of the worker's Kafka connection, {@code null} when unset
     * @throws ReadApiAccessException when the settings contradict each other, or the read API would be open on a
     *                                worker whose Kafka connection uses SASL and nobody chose that
     */
    static ReadApiAccess decide(ReadApi chosen, boolean jwtConfigured, String kafkaProtocol) {
        if (jwtConfigured) {
            if (chosen == ReadApi.OPEN) {
                throw new ReadApiAccessException("tally.security.read-api=open, but a JWT issuer is configured ("
                        + JWT_SETTINGS + "): the read API cannot be both open and checked",
                        "Remove tally.security.read-api to check bearer tokens, or remove the "
                                + "spring.security.oauth2.resourceserver.jwt settings to serve it open.");
            }
            return new ReadApiAccess(false, null);
        }
        if (chosen == ReadApi.JWT) {
            throw new ReadApiAccessException("tally.security.read-api=jwt, but no JWT issuer is configured",
                    "Set " + JWT_SETTINGS + ".");
        }
        if (chosen == ReadApi.OPEN) {
            return new ReadApiAccess(true, "open: tally.security.read-api=open");
        }
        if (kafkaProtocol != null && isSasl(kafkaProtocol)) {
            throw new ReadApiAccessException("The worker's Kafka connection uses security.protocol=" + kafkaProtocol
                    + ", but its read API would be open: no JWT issuer is configured",
                    "Set " + JWT_SETTINGS + " to check bearer tokens, or set tally.security.read-api=open to "
                            + "serve the read API without authentication on purpose.");
        }
        return new ReadApiAccess(true, "open: no JWT issuer configured");
    }

    /** Whether a Kafka {@code security.protocol} authenticates the worker: {@code SASL_PLAINTEXT} or {@code SASL_SSL}. */
    static boolean isSasl(String kafkaProtocol) {
        return kafkaProtocol.toUpperCase(Locale.ROOT).startsWith("SASL_");
    }
}
