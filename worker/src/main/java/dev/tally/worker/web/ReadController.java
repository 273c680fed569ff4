package dev.tally.worker.web;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.Result;

/**
 * {@code GET /accounts/{id}}, {@code GET /accounts/{id}/transfers} (the statement) and {@code GET /transfers/{id}}.
 * They answer 200 with JSON, 404 when there is no such account or decided command, and 400 when an id or a query
 * parameter breaks its rule; errors are RFC 9457 problem details ({@code application/problem+json}) whose
 * {@code detail} names the id or parameter. The OpenAPI document is served at {@code /v3/api-docs}.
 * <p>
 * Contract v1.2: when the worker checks bearer JWTs, a client (the token's {@code sub}) reads only accounts it owns
 * and outcomes of commands it sent, the latter without other accounts' figures; another's account or command is
 * answered exactly as an unknown one, so that a client learns nothing of it. Scope {@code tally:operator} reads all,
 * as does everyone when the API is open.
 */
@RestController
@Tag(name = "read API", description = "Accounts, statements and stored outcomes of the book of record")
@SecurityScheme(name = ReadController.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        bearerFormat = "JWT", description = "Required when the worker is configured with a JWT issuer "
        + "(spring.security.oauth2.resourceserver.jwt.*); the API is open otherwise. Claim sub names the client, "
        + "which reads its own accounts and commands; scope tally:operator reads all.")
@SecurityRequirement(name = ReadController.BEARER)
@ApiResponse(responseCode = "401", description = "no bearer token, or an expired, forged or malformed one (when "
        + "JWTs are checked)", content = @Content(mediaType = ReadController.PROBLEM_JSON,
        schema = @Schema(implementation = ProblemDetail.class)))
class ReadController {

    /** The name of the bearer token scheme in the OpenAPI document. */
    static final String BEARER = "bearer";

    private static final URI INVALID_ID = URI.create("urn:tally:problem:invalid-id");
    private static final URI NOT_FOUND = URI.create("urn:tally:problem:not-found");
    private static final URI INVALID_PARAMETER = URI.create("urn:tally:problem:invalid-parameter");

    static final String PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    /** The largest statement page. */
    static final int MAX_LIMIT = 1000;

    private final ReadModel reads;
    private final ClientView clients;

    ReadController(ReadModel reads, ClientView clients) {
        this.reads = reads;
        this.clients = clients;
    }

    /**
     * The account's balance, floor ({@code overdraft_limit}, {@code null} when unbounded), currency and version, and
     * (v1.1) its live pending totals, available balance and whether it is closed, and (v1.2) its owner.
     */
    @Operation(summary = "An account", description = "Balance (posted), pending_debits and pending_credits of its "
            + "live holds, available = balance - pending_debits, overdraft_limit (null: unbounded), closed, owner "
            + "(null: the operator's).")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = AccountView.class)))
    @ApiResponse(responseCode = "400", description = "not a valid account id", content = @Content(
            mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "no such account (or not the caller's)", content = @Content(
            mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping(path = "/accounts/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> account(@PathVariable String id) {
        if (!AccountId.isValid(id)) {
            return problem(HttpStatus.BAD_REQUEST, INVALID_ID,
                    "account id '" + printable(id) + "' is not valid: an account id is " + AccountId.RULE);
        }
        return visibleAccount(new AccountId(id))
                .<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> problem(HttpStatus.NOT_FOUND, NOT_FOUND, "no account " + id));
    }

    /**
     * The account's statement: its movements of posted money (transfers, posts of holds, legs of linked transfers)
     * in the exact order they were decided, each with the account's balance right after it. Paged by an opaque
     * cursor: a page's {@code next} is the {@code after} of the following page, and stays valid however many
     * movements are decided meanwhile (they all come after it).
     */
    @Operation(summary = "An account's statement", description = "Movements in decision order with the balance "
            + "after each; cursor paging (after=<next of the previous page>), limit 1-1000 (default 100).")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Statement.class)))
    @ApiResponse(responseCode = "400", description = "invalid account id, limit or cursor", content = @Content(
            mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "no such account (or not the caller's)", content = @Content(
            mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping(path = "/accounts/{id}/transfers", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> statement(@PathVariable String id,
                                @Parameter(description = "page size, 1-1000") @RequestParam(required = false)
                                String limit,
                                @Parameter(description = "the next cursor of the previous page; absent: from the "
                                        + "first movement") @RequestParam(required = false) String after) {
        if (!AccountId.isValid(id)) {
            return problem(HttpStatus.BAD_REQUEST, INVALID_ID,
                    "account id '" + printable(id) + "' is not valid: an account id is " + AccountId.RULE);
        }
        int pageSize = 100;
        if (limit != null) {
            if (!limit.matches("[0-9]{1,4}") || Integer.parseInt(limit) < 1 || Integer.parseInt(limit) > MAX_LIMIT) {
                return problem(HttpStatus.BAD_REQUEST, INVALID_PARAMETER,
                        "limit '" + printable(limit) + "' is not valid: limit is an integer from 1 to " + MAX_LIMIT);
            }
            pageSize = Integer.parseInt(limit);
        }
        long cursor = 0;
        if (after != null) {
            if (!after.matches("[0-9]{1,18}")) {
                return problem(HttpStatus.BAD_REQUEST, INVALID_PARAMETER, "after '" + printable(after)
                        + "' is not a cursor: pass the next value of the previous page");
            }
            cursor = Long.parseLong(after);
        }
        AccountId account = new AccountId(id);
        if (visibleAccount(account).isEmpty()) {
            return problem(HttpStatus.NOT_FOUND, NOT_FOUND, "no account " + id);
        }
        List<Map.Entry<Long, Movement>> rows = reads.movements(account, cursor, pageSize);
        boolean more = rows.size() > pageSize;
        List<Map.Entry<Long, Movement>> page = more ? rows.subList(0, pageSize) : rows;
        String next = more ? page.get(page.size() - 1).getKey().toString() : null;
        return ResponseEntity.ok(new Statement(id, page.stream().map(Map.Entry::getValue).toList(), next));
    }

    /**
     * The stored outcome of a command id — of any type — in the JSON of the result contract, with
     * {@code "replay": false}: the decision as first published.
     */
    @Operation(summary = "The stored outcome of a command id", description = "The result as first published "
            + "(replay false), in the JSON of the result contract; to a client, without the balances of accounts "
            + "it does not own (those fields are absent).")
    @ApiResponse(responseCode = "200", description = "a result of the result contract")
    @ApiResponse(responseCode = "400", description = "not a UUID", content = @Content(
            mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "no decided command with this id (or not sent by the caller)",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping(path = "/transfers/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> transfer(@PathVariable String id) {
        if (!CommandId.isValid(id)) {
            return problem(HttpStatus.BAD_REQUEST, INVALID_ID,
                    "transfer id '" + printable(id) + "' is not a UUID in 8-4-4-4-12 hexadecimal form");
        }
        CommandId commandId = CommandId.parse(id);
        Reader reader = Reader.current();
        return (clients.sent(commandId, reader) ? reads.outcome(commandId) : Optional.<Result>empty())
                .<ResponseEntity<?>>map(result -> ResponseEntity.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(clients.encode(result, reader)))
                .orElseGet(() -> problem(HttpStatus.NOT_FOUND, NOT_FOUND, "no decided command with id " + commandId));
    }

    /** The account, when it exists and the current reader may see it. */
    private Optional<AccountView> visibleAccount(AccountId id) {
        Reader reader = Reader.current();
        return reads.account(id).filter(account -> reader.owns(account.owner()));
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, URI type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** The id as it may be echoed: cut short, and without control characters. */
    private static String printable(String id) {
        String shortened = id.length() > 80 ? id.substring(0, 80) + "..." : id;
        return shortened.replaceAll("\\p{Cntrl}", "?");
    }
}
