package dev.tally.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.Command;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.LinkedTransfers;
import dev.tally.contracts.Transfer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract v1.2 of the read API with bearer JWTs: a worker whose {@code public-key-location} is the public half of
 * an RSA key made here, and tokens signed here with Nimbus (no issuer, no network). Owners and senders are written
 * into the book directly (accounts.owner, command_ids.principal) after the operator's commands are decided, so that
 * the tests need no client topics. This class's worker is a second context of the shared test worker (same database,
 * topics and group), closed after the class.
 */
@DirtiesContext
class ReadApiAuthorityIntegrationTests extends WebWorkerIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final RSAKey ISSUER_KEY = rsaKey();
    private static final RSAKey FORGER_KEY = rsaKey();
    private static final String CLIENT = "client-a";
    private static final String OTHER_CLIENT = "client-b";

    @DynamicPropertySource
    static void jwtIssuerKey(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location",
                () -> "file:" + publicKeyPem(ISSUER_KEY));
    }

    @Test
    void showsAClientItsOwnAccountWithItsOwner() {
        AccountId mine = ownedBy(CLIENT, openFunded("mine", 1000));

        HttpResponse<String> response = getWithToken("/accounts/" + mine, token(CLIENT));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode account = JSON.readTree(response.body());
        assertThat(account.get("owner").asString()).isEqualTo(CLIENT);
        assertThat(account.get("balance").asLong()).isEqualTo(1000);
    }

    @Test
    void answersAnotherClientsAccountExactlyAsAnUnknownOne() {
        // Another client's account, the operator's account and an id nobody opened: the same 404, byte for byte
        // once the id is blanked out, so a client cannot tell an account it may not read from one that does not exist.
        AccountId theirs = ownedBy(OTHER_CLIENT, open("theirs", "EUR", 0));
        AccountId operators = open("operators", "EUR", 0);
        AccountId unknown = newAccount("nobodys");

        String unknownAnswer = notFound("/accounts/" + unknown, unknown);

        assertThat(notFound("/accounts/" + theirs, theirs)).isEqualTo(unknownAnswer);
        assertThat(notFound("/accounts/" + operators, operators)).isEqualTo(unknownAnswer);
        assertThat(notFound("/accounts/" + theirs + "/transfers", theirs))
                .isEqualTo(notFound("/accounts/" + unknown + "/transfers", unknown));
    }

    @Test
    void showsAClientTheStatementOfItsOwnAccountOnly() {
        AccountId mine = ownedBy(CLIENT, openFunded("mine", 1000));
        AccountId theirs = ownedBy(OTHER_CLIENT, openFunded("theirs", 500));

        HttpResponse<String> own = getWithToken("/accounts/" + mine + "/transfers", token(CLIENT));

        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        assertThat(JSON.readTree(own.body()).get("movements")).hasSize(1);
        assertThat(getWithToken("/accounts/" + theirs + "/transfers", token(CLIENT)).statusCode()).isEqualTo(404);
    }

    @Test
    void showsTheSenderItsCommandWithoutTheFiguresOfAccountsItDoesNotOwn() {
        // client-a pays client-b: it sees its own balance after the payment, not the payee's. A linked command
        // paying itself and client-b shows each leg's figures of client-a's accounts only.
        AccountId mine = ownedBy(CLIENT, openFunded("mine", 1000));
        AccountId savings = ownedBy(CLIENT, open("savings", "EUR", 0));
        AccountId theirs = ownedBy(OTHER_CLIENT, open("theirs", "EUR", 0));
        Transfer payment = sentBy(CLIENT, new Transfer(CommandId.random(), mine, theirs, 300, "EUR", "order-1"));
        LinkedTransfers linked = sentBy(CLIENT, new LinkedTransfers(CommandId.random(), List.of(
                new LinkedTransfers.Leg(mine, theirs, 100, "EUR", null),
                new LinkedTransfers.Leg(mine, savings, 50, "EUR", null))));

        JsonNode shown = ok("/transfers/" + payment.id(), token(CLIENT));
        JsonNode legs = ok("/transfers/" + linked.id(), token(CLIENT)).get("legs");

        assertThat(shown.get("status").asString()).isEqualTo("APPLIED");
        assertThat(shown.get("debit_balance").asLong()).isEqualTo(700);
        assertThat(shown.has("credit_balance")).as(shown.toString()).isFalse();
        assertThat(shown.get("credit_account_id").asString()).isEqualTo(theirs.value());
        assertThat(legs.get(0).get("debit_balance").asLong()).isEqualTo(600);
        assertThat(legs.get(0).has("credit_balance")).as(legs.toString()).isFalse();
        assertThat(legs.get(1).get("debit_balance").asLong()).isEqualTo(550);
        assertThat(legs.get(1).get("credit_balance").asLong()).isEqualTo(50);
    }

    @Test
    void answersAnotherPrincipalsCommandExactlyAsAnUnknownOne() {
        AccountId theirs = ownedBy(OTHER_CLIENT, openFunded("theirs", 1000));
        AccountId payee = open("payee", "EUR", 0);
        Transfer theirPayment = sentBy(OTHER_CLIENT, new Transfer(CommandId.random(), theirs, payee, 10, "EUR", null));
        Transfer operatorsPayment = new Transfer(CommandId.random(), theirs, payee, 20, "EUR", null);
        assertThat(decide(operatorsPayment).applied()).isTrue();
        CommandId unknown = CommandId.random();

        String unknownAnswer = notFound("/transfers/" + unknown, unknown);

        assertThat(notFound("/transfers/" + theirPayment.id(), theirPayment.id())).isEqualTo(unknownAnswer);
        assertThat(notFound("/transfers/" + operatorsPayment.id(), operatorsPayment.id())).isEqualTo(unknownAnswer);
    }

    @Test
    void letsTheOperatorScopeReadEverything() {
        AccountId theirs = ownedBy(OTHER_CLIENT, openFunded("theirs", 1000));
        AccountId payee = ownedBy(CLIENT, open("payee", "EUR", 0));
        Transfer payment = sentBy(OTHER_CLIENT, new Transfer(CommandId.random(), theirs, payee, 10, "EUR", null));
        String operator = token(ISSUER_KEY, "ops", "openid tally:operator", Instant.now().plusSeconds(300));

        JsonNode account = ok("/accounts/" + theirs, operator);
        JsonNode shown = ok("/transfers/" + payment.id(), operator);

        assertThat(account.get("owner").asString()).isEqualTo(OTHER_CLIENT);
        assertThat(ok("/accounts/" + theirs + "/transfers", operator).get("movements")).hasSize(2);
        assertThat(shown.get("debit_balance").asLong()).isEqualTo(990);
        assertThat(shown.get("credit_balance").asLong()).isEqualTo(10);
    }

    @Test
    void refusesAMissingExpiredOrForgedTokenWith401ProblemDetails() {
        // An expired token (beyond the decoder's 60 s of clock skew) and one signed by another key are refused like
        // a request without a token: 401, the RFC 6750 challenge, and a problem detail as body.
        AccountId mine = ownedBy(CLIENT, open("mine", "EUR", 0));
        String path = "/accounts/" + mine;
        String expired = token(ISSUER_KEY, CLIENT, null, Instant.now().minus(Duration.ofMinutes(10)));
        String forged = token(FORGER_KEY, CLIENT, "tally:operator", Instant.now().plusSeconds(300));

        assertUnauthorized(get(path), path, "Bearer");
        assertUnauthorized(getWithToken(path, expired), path, "invalid_token");
        assertUnauthorized(getWithToken(path, forged), path, "invalid_token");
        assertUnauthorized(getWithToken(path, "not.a.jwt"), path, "invalid_token");
    }

    @Test
    void keepsHealthAndTheApiDescriptionOpenAndPrometheusBehindAToken() {
        // Probes call health without credentials; Prometheus, as every other actuator endpoint under Spring
        // Security by Spring Boot's convention, needs a valid token.
        HttpResponse<String> health = get("/actuator/health");

        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        JsonNode readApi = JSON.readTree(health.body()).at("/components/readApi");
        assertThat(readApi.at("/details/access").asString()).isEqualTo("jwt");
        assertThat(readApi.at("/details").has("warning")).isFalse();
        assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/readiness").statusCode()).isIn(200, 503);
        assertThat(get("/v3/api-docs").statusCode()).isEqualTo(200);
        assertUnauthorized(get("/actuator/prometheus", "text/plain"), "/actuator/prometheus", "Bearer");
        assertThat(getWithToken("/actuator/prometheus", "text/plain", token(CLIENT)).statusCode()).isEqualTo(200);
    }

    /** GETs the path as {@link #CLIENT}, expects 404, and returns the answer with the id blanked out. */
    private String notFound(String path, Object id) {
        HttpResponse<String> response = getWithToken(path, token(CLIENT));
        assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        return response.body().replace(id.toString(), "<id>");
    }

    private JsonNode ok(String path, String token) {
        HttpResponse<String> response = getWithToken(path, token);
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static void assertUnauthorized(HttpResponse<String> response, String path, String challenge) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                header -> assertThat(header).startsWith("Bearer").contains(challenge));
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(401);
        assertThat(problem.get("detail").asString()).isNotBlank();
        assertThat(problem.get("instance").asString()).isEqualTo(path);
    }

    /** Gives the account to a client, as an opening from that client's topic would have. */
    private AccountId ownedBy(String client, AccountId account) {
        jdbc.sql("UPDATE accounts SET owner = ? WHERE id = ?").params(client, account.value()).update();
        return account;
    }

    /** Decides the transfer or linked command (as the operator), then records {@code client} as its sender. */
    private <C extends Command> C sentBy(String client, C command) {
        assertThat(decide(command).applied()).as("%s", command).isTrue();
        jdbc.sql("UPDATE command_ids SET principal = ? WHERE id = ?").params(client, command.id().value()).update();
        return command;
    }

    private static String token(String client) {
        return token(ISSUER_KEY, client, "openid", Instant.now().plusSeconds(300));
    }

    private static String token(RSAKey key, String subject, String scope, Instant expiresAt) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .issueTime(Date.from(expiresAt.minus(Duration.ofMinutes(5))))
                .expirationTime(Date.from(expiresAt));
        if (scope != null) {
            claims.claim("scope", scope);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                claims.build());
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a test token", e);
        }
        return jwt.serialize();
    }

    private static RSAKey rsaKey() {
        try {
            return new RSAKeyGenerator(2048).keyID(CommandId.random().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an RSA key", e);
        }
    }

    /** Writes the key's public half as a PEM file, the form Spring Boot's public-key-location reads. */
    private static Path publicKeyPem(RSAKey key) {
        try {
            Path pem = Files.createTempFile("tally-jwt-", ".pem");
            pem.toFile().deleteOnExit();
            String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(key.toRSAPublicKey().getEncoded());
            Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n");
            return pem;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot read the RSA public key", e);
        }
    }
}
