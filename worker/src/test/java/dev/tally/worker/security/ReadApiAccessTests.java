package dev.tally.worker.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the worker decides at start-up whether its read API is open or checks JWTs, in a context of the worker's
 * decision and filter chain, Kafka, Jackson and Spring Security configuration only (no broker, no database, no
 * server): a worker whose Kafka connection
 * uses SASL refuses to start with a read API nobody chose to leave open, and names the setting that allows it.
 */
class ReadApiAccessTests {

    private final WebApplicationContextRunner worker = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, JacksonAutoConfiguration.class,
                    ServletWebSecurityAutoConfiguration.class, OAuth2ResourceServerAutoConfiguration.class))
            .withUserConfiguration(ReadApiAccessConfiguration.class, ReadApiSecurityConfiguration.class);

    @Test
    void refusesToStartOnASaslBrokerWithAnOpenReadApiNobodyChose() {
        worker.withPropertyValues("spring.kafka.security.protocol=SASL_SSL").run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            FailureAnalysis analysis = new ReadApiAccessFailureAnalyzer().analyze(failure);
            assertThat(analysis.getDescription()).contains("security.protocol=SASL_SSL")
                    .contains("no JWT issuer is configured");
            assertThat(analysis.getAction()).contains("tally.security.read-api=open")
                    .contains("spring.security.oauth2.resourceserver.jwt.issuer-uri");
        });
    }

    @Test
    void findsSaslInTheKafkaPropertiesMapToo() {
        worker.withPropertyValues("spring.kafka.properties[security.protocol]=SASL_PLAINTEXT")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("SASL_PLAINTEXT").hasMessageContaining("tally.security.read-api=open"));
    }

    @Test
    void startsOpenOnASaslBrokerWhenTheOpenReadApiIsChosen() {
        worker.withPropertyValues("spring.kafka.security.protocol=SASL_SSL", "tally.security.read-api=open")
                .run(context -> assertThat(context.getBean(ReadApiAccess.class))
                        .isEqualTo(new ReadApiAccess(true, "open: tally.security.read-api=open")));
    }

    @Test
    void checksJwtsOnASaslBrokerWhenAnIssuerKeyIsConfigured(@TempDir Path directory) throws Exception {
        worker.withPropertyValues("spring.kafka.security.protocol=SASL_SSL",
                        "spring.security.oauth2.resourceserver.jwt.public-key-location=file:" + publicKey(directory))
                .run(context -> assertThat(context.getBean(ReadApiAccess.class))
                        .isEqualTo(new ReadApiAccess(false, null)));
    }

    @Test
    void startsOpenWithAWarningWithoutSaslOrIssuer() {
        worker.withPropertyValues("spring.kafka.security.protocol=SSL")
                .run(context -> assertThat(context.getBean(ReadApiAccess.class))
                        .isEqualTo(new ReadApiAccess(true, "open: no JWT issuer configured")));
    }

    @Test
    void refusesSettingsThatContradictEachOther(@TempDir Path directory) throws Exception {
        worker.withPropertyValues("tally.security.read-api=jwt")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("tally.security.read-api=jwt, but no JWT issuer is configured"));
        worker.withPropertyValues("tally.security.read-api=open",
                        "spring.security.oauth2.resourceserver.jwt.public-key-location=file:" + publicKey(directory))
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("cannot be both open and checked"));
    }

    private static Path publicKey(Path directory) throws IOException, NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String body = Base64.getMimeEncoder().encodeToString(generator.generateKeyPair().getPublic().getEncoded());
        Path pem = directory.resolve("issuer.pem");
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n");
        return pem;
    }
}
