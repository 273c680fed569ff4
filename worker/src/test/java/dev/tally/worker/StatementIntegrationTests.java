package dev.tally.worker;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.LinkedTransfers;
import dev.tally.contracts.PostPending;
import dev.tally.contracts.Transfer;
import dev.tally.contracts.TransferResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Contract v1.1 of the read API against a worker that decided real commands from Kafka: an account's pending totals,
 * available balance and closed flag; its statement in decision order with the balance after each movement, paged by
 * cursor; errors as RFC 9457 problem details; and the OpenAPI document that describes it all.
 */
class StatementIntegrationTests extends WebWorkerIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void listsEveryMovementInDecisionOrderWithTheBalanceAfterItAcrossPages() {
        // A funding, a transfer out, a hold (no movement) and its post, two linked legs and a transfer in: six
        // movements, read as pages of 4 and 2 that join without gap or repeat.
        AccountId alice = openFunded("alice", 10_000);
        AccountId bob = openFunded("bob", 1000);
        AccountId shop = open("shop", "EUR", 0);
        assertThat(decide(new Transfer(CommandId.random(), alice, bob, 1250, "EUR", "rent")).applied()).isTrue();
        Transfer hold = Transfer.pending(CommandId.random(), alice, shop, 5000, "EUR", null, 3600L);
        assertThat(decide(hold).applied()).isTrue();
        PostPending post = new PostPending(CommandId.random(), hold.id(), 4200L);
        assertThat(decide(post, alice).applied()).isTrue();
        assertThat(decide(new LinkedTransfers(CommandId.random(), List.of(
                new LinkedTransfers.Leg(alice, shop, 100, "EUR", "order-7"),
                new LinkedTransfers.Leg(alice, bob, 50, "EUR", null)))).applied()).isTrue();
        assertThat(decide(new Transfer(CommandId.random(), bob, alice, 250, "EUR", null)).applied()).isTrue();

        JsonNode first = ok("/accounts/" + alice + "/transfers?limit=4");
        JsonNode second = ok("/accounts/" + alice + "/transfers?limit=4&after=" + first.get("next").asString());

        assertThat(first.get("account_id").asString()).isEqualTo(alice.value());
        assertThat(first.get("movements")).hasSize(4);
        assertThat(second.get("movements")).hasSize(2);
        assertThat(second.get("next").isNull()).isTrue();
        List<JsonNode> movements = new ArrayList<>();
        first.get("movements").forEach(movements::add);
        second.get("movements").forEach(movements::add);
        assertThat(movements).extracting(m -> m.get("balance_after").asLong())
                .containsExactly(10_000L, 8750L, 4550L, 4450L, 4400L, 4650L);
        assertThat(movements).extracting(m -> m.get("type").asString()).containsExactly("transfer", "transfer",
                "post_pending", "linked_transfers", "linked_transfers", "transfer");
        assertThat(movements).extracting(m -> m.get("direction").asString()).containsExactly("credit", "debit",
                "debit", "debit", "debit", "credit");
        assertThat(movements.get(2).get("command_id").asString()).isEqualTo(post.id().toString());
        assertThat(movements.get(2).get("amount").asLong()).isEqualTo(4200);
        assertThat(movements.get(3).get("leg").asInt()).isZero();
        assertThat(movements.get(4).get("leg").asInt()).isEqualTo(1);
        assertThat(movements.get(3).get("reference").asString()).isEqualTo("order-7");
        assertThat(ok("/accounts/" + alice + "/transfers").get("movements")).hasSize(6);
    }

    @Test
    void showsLiveHoldsAndTheAvailableBalanceAndForgetsAnExpiredHoldWithoutAnyCommand() {
        // A hold of 3000 for one second: the account shows it, then, with nothing else happening, stops showing it.
        AccountId alice = openFunded("alice", 10_000);
        AccountId shop = open("shop", "EUR", 0);
        TransferResult held = (TransferResult) decide(Transfer.pending(CommandId.random(), alice, shop, 3000, "EUR",
                null, 1L));
        assertThat(held.applied()).isTrue();

        JsonNode account = ok("/accounts/" + alice);
        JsonNode credited = ok("/accounts/" + shop);

        // Each read within the hold's second shows it (on a slow machine the second may be over before either read,
        // or between the two: each is checked on its own).
        if (account.get("pending_debits").asLong() != 0) {
            assertThat(account.get("pending_debits").asLong()).isEqualTo(3000);
            assertThat(account.get("available").asLong()).isEqualTo(7000);
        }
        if (credited.get("pending_credits").asLong() != 0) {
            assertThat(credited.get("pending_credits").asLong()).isEqualTo(3000);
        }
        await().atMost(TIMEOUT).untilAsserted(() -> {
            JsonNode later = ok("/accounts/" + alice);
            assertThat(later.get("pending_debits").asLong()).isZero();
            assertThat(later.get("available").asLong()).isEqualTo(10_000);
            assertThat(ok("/accounts/" + shop).get("pending_credits").asLong()).isZero();
        });
        assertThat(ok("/accounts/" + alice).get("balance").asLong()).isEqualTo(10_000);
    }

    @Test
    void showsTheStoredOutcomeOfAV11CommandById() {
        // GET /transfers/{id} answers for every command type: here a hold and its post.
        AccountId alice = openFunded("alice", 100);
        AccountId shop = open("shop", "EUR", 0);
        Transfer hold = Transfer.pending(CommandId.random(), alice, shop, 60, "EUR", null, null);
        assertThat(decide(hold).applied()).isTrue();
        PostPending post = new PostPending(CommandId.random(), hold.id(), null);
        assertThat(decide(post, alice).applied()).isTrue();

        JsonNode storedHold = ok("/transfers/" + hold.id());
        JsonNode storedPost = ok("/transfers/" + post.id());

        assertThat(storedHold.get("pending").asBoolean()).isTrue();
        assertThat(storedHold.get("expires_at").isNull()).isTrue();
        assertThat(storedPost.get("type").asString()).isEqualTo("post_pending");
        assertThat(storedPost.get("amount").asLong()).isEqualTo(60);
        assertThat(storedPost.get("replay").asBoolean()).isFalse();
    }

    @Test
    void answersBadLimitsCursorsAndUnknownAccountsWithProblemDetails() {
        // limit 1-1000 and a cursor of digits; anything else is a 400 naming the parameter; no account is 404.
        AccountId alice = openFunded("alice", 100);

        for (String query : List.of("limit=0", "limit=1001", "limit=ten", "limit=-1", "after=abc", "after=-5",
                "after=99999999999999999999")) {
            HttpResponse<String> response = get("/accounts/" + alice + "/transfers?" + query);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(JSON.readTree(response.body()).get("detail").asString()).as(query)
                    .contains(query.substring(0, query.indexOf('=')));
        }
        assertThat(get("/accounts/" + alice + "/transfers?limit=1000").statusCode()).isEqualTo(200);
        assertThat(get("/accounts/" + newAccount("ghost") + "/transfers").statusCode()).isEqualTo(404);
        assertThat(get("/accounts/-bad/transfers").statusCode()).isEqualTo(400);
    }

    @Test
    void servesAnOpenApiDocumentOfTheReadApi() {
        // The worker describes its read API: the three paths, the statement's parameters and problem answers.
        JsonNode document = ok("/v3/api-docs");

        assertThat(document.get("openapi").asString()).startsWith("3.");
        JsonNode paths = document.get("paths");
        assertThat(paths.has("/accounts/{id}")).isTrue();
        assertThat(paths.has("/transfers/{id}")).isTrue();
        JsonNode statement = paths.get("/accounts/{id}/transfers").get("get");
        List<String> parameters = new ArrayList<>();
        statement.get("parameters").forEach(parameter -> parameters.add(parameter.get("name").asString()));
        assertThat(parameters).containsExactlyInAnyOrder("id", "limit", "after");
        assertThat(statement.get("responses").has("400")).isTrue();
        assertThat(statement.get("responses").has("404")).isTrue();
        assertThat(document.at("/components/schemas/AccountView/properties").has("available")).isTrue();
        // Contract v1.2: the owner, and the bearer token the API asks for when the worker checks JWTs.
        assertThat(document.at("/components/schemas/AccountView/properties").has("owner")).isTrue();
        assertThat(document.at("/components/securitySchemes/bearer/scheme").asString()).isEqualTo("bearer");
        assertThat(document.at("/components/securitySchemes/bearer/bearerFormat").asString()).isEqualTo("JWT");
        assertThat(statement.get("responses").has("401")).isTrue();
        assertThat(paths.at("/~1transfers~1{id}/get/security/0").has("bearer")).isTrue();
        assertThat(document.at("/components/schemas/Movement/properties").has("balance_after")).isTrue();
    }

    private JsonNode ok(String path) {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
