package dev.tally.worker;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import dev.tally.contracts.AccountId;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read API of a worker without a JWT issuer (the shared test worker): open as in contract v1.1, which health
 * says in its {@code readApi} component, and a bearer token changes nothing.
 */
class ReadApiOpenIntegrationTests extends WebWorkerIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void warnsInHealthThatTheReadApiIsOpen() {
        HttpResponse<String> health = get("/actuator/health");

        assertThat(health.statusCode()).as(health.body()).isIn(200, 503);
        JsonNode readApi = JSON.readTree(health.body()).at("/components/readApi");
        assertThat(readApi.get("status").asString()).isEqualTo("UP");
        assertThat(readApi.at("/details/access").asString()).isEqualTo("open");
        assertThat(readApi.at("/details/warning").asString()).isEqualTo("open: no JWT issuer configured");
    }

    @Test
    void showsEveryAccountToAnyoneWithOrWithoutAToken() {
        // An account owned by a client is the operator's to read in v1.1 terms: no token, or one nobody checks.
        AccountId owned = open("owned", "EUR", 0);
        jdbc.sql("UPDATE accounts SET owner = 'client-a' WHERE id = ?").param(owned.value()).update();

        HttpResponse<String> anonymous = get("/accounts/" + owned);
        HttpResponse<String> withToken = getWithToken("/accounts/" + owned, "not.a.jwt");

        assertThat(anonymous.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(anonymous.body()).get("owner").asString()).isEqualTo("client-a");
        assertThat(withToken.statusCode()).isEqualTo(200);
    }
}
