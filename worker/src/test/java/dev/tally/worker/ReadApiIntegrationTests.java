package dev.tally.worker;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.OpenAccount;
import dev.tally.contracts.Reason;
import dev.tally.contracts.Result;
import dev.tally.contracts.Transfer;
import dev.tally.contracts.WireCodec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read API against a worker that decided real commands from Kafka: accounts and stored outcomes as JSON, and
 * unknown or malformed ids as RFC 9457 problem details.
 */
class ReadApiIntegrationTests extends WebWorkerIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void showsAnAccountWithBalanceFloorCurrencyAndVersion() {
        // After one funding transfer and one debit, the account shows the book's balance and two balance changes.
        AccountId alice = openFunded("alice", 10_000);
        AccountId bob = open("bob", "EUR", 250);
        assertThat(decide(new Transfer(CommandId.random(), alice, bob, 1250, "EUR", null)).applied()).isTrue();

        HttpResponse<String> response = get("/accounts/" + alice);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode account = JSON.readTree(response.body());
        assertThat(account.get("id").asString()).isEqualTo(alice.value());
        assertThat(account.get("currency").asString()).isEqualTo("EUR");
        assertThat(account.get("balance").asLong()).isEqualTo(8750);
        assertThat(account.get("overdraft_limit").asLong()).isZero();
        assertThat(account.get("unbounded").asBoolean()).isFalse();
        assertThat(account.get("version").asLong()).isEqualTo(2);
        // Contract v1.1 adds pending_debits, pending_credits, available and closed; v1.2 adds owner.
        assertThat(account.properties()).hasSize(11);
        assertThat(account.get("owner").isNull()).isTrue();
        assertThat(account.get("available").asLong()).isEqualTo(8750);
        assertThat(account.get("closed").asBoolean()).isFalse();

        JsonNode credited = JSON.readTree(get("/accounts/" + bob).body());
        assertThat(credited.get("balance").asLong()).isEqualTo(1250);
        assertThat(credited.get("overdraft_limit").asLong()).isEqualTo(250);
    }

    @Test
    void showsAFundingAccountAsUnboundedWithoutALimit() {
        AccountId bank = openFunding("bank", "USD");

        JsonNode account = JSON.readTree(get("/accounts/" + bank).body());

        assertThat(account.get("unbounded").asBoolean()).isTrue();
        assertThat(account.get("overdraft_limit").isNull()).isTrue();
        assertThat(account.get("currency").asString()).isEqualTo("USD");
    }

    @Test
    void answersAnUnknownAccountWith404ProblemDetails() {
        AccountId ghost = newAccount("ghost");

        HttpResponse<String> response = get("/accounts/" + ghost);

        assertProblem(response, 404, "/accounts/" + ghost);
        assertThat(JSON.readTree(response.body()).get("detail").asString()).contains(ghost.value());
    }

    @Test
    void answersAnAccountIdThatBreaksTheContractWith400NamingIt() {
        // "-x" starts with a dash, which the contract forbids; the problem says which id and why.
        HttpResponse<String> response = get("/accounts/-x");

        assertProblem(response, 400, "/accounts/-x");
        String detail = JSON.readTree(response.body()).get("detail").asString();
        assertThat(detail).contains("'-x'").contains(AccountId.RULE);

        HttpResponse<String> tooLong = get("/accounts/" + "a".repeat(AccountId.MAX_LENGTH + 1));
        assertThat(tooLong.statusCode()).isEqualTo(400);
    }

    @Test
    void showsTheStoredOutcomeOfATransferAsTheResultFirstPublished() {
        // The read API answers with the very result the worker published, byte for byte in meaning: replay false.
        AccountId alice = openFunded("alice", 700);
        AccountId bob = open("bob", "EUR", 0);
        Transfer applied = new Transfer(CommandId.random(), alice, bob, 200, "EUR", "order-7");
        Transfer rejected = new Transfer(CommandId.random(), alice, bob, 800, "EUR", null);
        Result appliedResult = decide(applied);
        Result rejectedResult = decide(rejected);

        HttpResponse<String> response = get("/transfers/" + applied.id());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        Result shown = WireCodec.decodeResult(response.body().getBytes(StandardCharsets.UTF_8));
        assertThat(shown).isEqualTo(appliedResult);
        assertThat(JSON.readTree(response.body()).get("debit_balance").asLong()).isEqualTo(500);

        Result shownRejection = WireCodec.decodeResult(
                get("/transfers/" + rejected.id()).body().getBytes(StandardCharsets.UTF_8));
        assertThat(shownRejection).isEqualTo(rejectedResult);
        assertThat(shownRejection.reason()).isEqualTo(Reason.INSUFFICIENT_FUNDS);
    }

    @Test
    void showsTheStoredOutcomeOfAnAccountOpeningAndNotAsAReplay() {
        // An opening's id is a command id too; a later retry of it does not change what the read API shows.
        OpenAccount opening = OpenAccount.bounded(CommandId.random(), newAccount("carol"), "EUR", 0);
        Result first = decide(opening);
        harness().send(opening);
        org.awaitility.Awaitility.await().atMost(TIMEOUT).until(() -> harness().results(opening.id()).size() == 2);

        Result shown = WireCodec.decodeResult(
                get("/transfers/" + opening.id()).body().getBytes(StandardCharsets.UTF_8));

        assertThat(shown).isEqualTo(first);
        assertThat(shown.replay()).isFalse();
    }

    @Test
    void answersAnUnknownTransferWith404AndAMalformedIdWith400() {
        CommandId unknown = CommandId.random();

        HttpResponse<String> missing = get("/transfers/" + unknown);
        HttpResponse<String> malformed = get("/transfers/not-a-uuid");

        assertProblem(missing, 404, "/transfers/" + unknown);
        assertThat(JSON.readTree(missing.body()).get("detail").asString()).contains(unknown.toString());
        assertProblem(malformed, 400, "/transfers/not-a-uuid");
        assertThat(JSON.readTree(malformed.body()).get("detail").asString()).contains("'not-a-uuid'")
                .contains("UUID");
    }

    @Test
    void answersAnUnknownPathAsProblemDetailsToo() {
        // Framework errors use the same format as the read API's own, so clients parse one kind of error.
        HttpResponse<String> response = get("/balances/alice");

        assertProblem(response, 404, "/balances/alice");
    }

    private static void assertProblem(HttpResponse<String> response, int status, String instance) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("detail").asString()).isNotBlank();
        assertThat(problem.get("instance").asString()).isEqualTo(instance);
    }
}
