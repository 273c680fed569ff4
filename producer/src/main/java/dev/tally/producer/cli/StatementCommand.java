package dev.tally.producer.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@Command(name = "statement", mixinStandardHelpOptions = true,
        description = {"Print an account's statement: its applied movements (transfers, posted holds, legs of "
                + "linked transfers) in the order they were decided, each with the account's balance after it. "
                + "Read from the worker's read API (GET /accounts/{id}/transfers), a page at a time.",
                "Exit code 0 when found, 1 when the account does not exist, 2 on a usage or connection error."})
final class StatementCommand implements Callable<Integer> {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final int MAX_LIMIT = 1_000;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ACCOUNT", description = "The account's id")
    String account;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
            description = "Movements per page, 1 to " + MAX_LIMIT + " (default: ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--after", paramLabel = "CURSOR",
            description = "Start after this cursor (printed at the end of the previous page)")
    String after;

    @Option(names = "--all", description = "Follow the cursors to the last page")
    boolean all;

    @Option(names = "--json", description = "Print each page as the read API's JSON, one page per line")
    boolean json;

    @Option(names = "--worker-url", paramLabel = "URL", defaultValue = "${env:TALLY_WORKER_URL:-http://localhost:8080}",
            description = "The worker's HTTP address (env TALLY_WORKER_URL; default: ${DEFAULT-VALUE})")
    String workerUrl;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "10s",
            converter = DurationConverter.class,
            description = "How long to wait for the worker (default: ${DEFAULT-VALUE})")
    Duration connectTimeout;

    @Override
    public Integer call() throws InterruptedException {
        Checks.account("ACCOUNT", account);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw CliException.usage("--limit must be 1 to " + MAX_LIMIT + ", was " + limit);
        }
        if (after != null && after.isBlank()) {
            throw CliException.usage("--after must not be blank");
        }
        URI base = base(workerUrl);
        PrintWriter out = spec.commandLine().getOut();
        HttpClient http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
        String cursor = after;
        boolean header = true;
        do {
            Page page = fetch(http, base, cursor);
            if (page == null) {
                spec.commandLine().getErr().println("statement: account " + account + " does not exist");
                return TallyCli.EXIT_REJECTED;
            }
            if (json) {
                out.println(page.body());
            } else {
                if (header) {
                    out.printf("%-24s %-16s %-40s %-24s %15s %15s  %s%n", "decided_at", "type", "command",
                            "counterparty", "amount", "balance_after", "reference");
                    header = false;
                }
                for (JsonNode movement : page.movements()) {
                    out.println(row(movement));
                }
            }
            cursor = page.next();
        } while (all && cursor != null);
        if (!json && cursor != null) {
            out.println("more: --after " + cursor);
        }
        out.flush();
        return TallyCli.EXIT_OK;
    }

    /** One movement as a line: the account's side of it (debit negative), and its balance right after. */
    static String row(JsonNode movement) {
        String type = text(movement, "type");
        Integer leg = movement.hasNonNull("leg") ? movement.get("leg").asInt() : null;
        String command = text(movement, "command_id") + (leg == null ? "" : " #" + leg);
        boolean debit = "debit".equals(text(movement, "direction"));
        String counterparty = debit ? "to " + text(movement, "credit_account_id")
                : "from " + text(movement, "debit_account_id");
        long amount = movement.get("amount").asLong();
        String reference = movement.hasNonNull("reference") ? "  " + movement.get("reference").asString() : "";
        return String.format("%-24s %-16s %-40s %-24s %15s %15s%s", text(movement, "decided_at"), type, command,
                counterparty, (debit ? "-" : "+") + amount + " " + text(movement, "currency"),
                movement.get("balance_after").asLong(), reference);
    }

    private Page fetch(HttpClient http, URI base, String cursor) throws InterruptedException {
        String query = "?limit=" + limit + (cursor == null ? "" : "&after="
                + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        URI uri = base.resolve("accounts/" + account + "/transfers" + query);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json").GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw CliException.usage("cannot reach the worker at " + base + ": " + (e instanceof ConnectException
                    ? "connection refused" : e.getMessage()) + " (is it running, and is --worker-url right?)");
        }
        if (response.statusCode() == 404) {
            return null;
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (JacksonException e) {
            throw CliException.usage("the worker at " + base + " answered " + response.statusCode()
                    + " with a body that is not JSON");
        }
        if (response.statusCode() != 200) {
            // RFC 9457 problem details: the detail names what was wrong.
            String detail = body.hasNonNull("detail") ? body.get("detail").asString() : response.body();
            throw CliException.usage("the worker refused " + uri.getPath() + query + " (" + response.statusCode()
                    + "): " + detail);
        }
        JsonNode movements = body.get("movements");
        if (movements == null || !movements.isArray()) {
            throw CliException.usage("the worker at " + base + " answered without a \"movements\" array: is it a "
                    + "worker of contract v1.1?");
        }
        JsonNode next = body.get("next");
        return new Page(response.body().strip(), movements, next == null || next.isNull() ? null : next.asString());
    }

    private static URI base(String url) {
        try {
            URI uri = URI.create(url.endsWith("/") ? url : url + "/");
            if (uri.getScheme() == null || !uri.getScheme().startsWith("http") || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--worker-url must be an http(s) URL such as http://localhost:8080, was '"
                    + url + "'");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "-" : value.asString();
    }

    private record Page(String body, JsonNode movements, String next) {
    }
}
