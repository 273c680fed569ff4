package dev.tally.worker.web;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.WireCodec;

/**
 * {@code GET /accounts/{id}} and {@code GET /transfers/{id}}. Both answer 200 with JSON, 404 when there is no such
 * account or decided command, and 400 when the id breaks the contract's rule; errors are RFC 9457 problem details
 * ({@code application/problem+json}) whose {@code detail} names the id.
 */
@RestController
class ReadController {

    private static final URI INVALID_ID = URI.create("urn:tally:problem:invalid-id");
    private static final URI NOT_FOUND = URI.create("urn:tally:problem:not-found");

    private final ReadModel reads;

    ReadController(ReadModel reads) {
        this.reads = reads;
    }

    /** The account's balance, floor ({@code overdraft_limit}, {@code null} when unbounded), currency and version. */
    @GetMapping(path = "/accounts/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> account(@PathVariable String id) {
        if (!AccountId.isValid(id)) {
            return problem(HttpStatus.BAD_REQUEST, INVALID_ID,
                    "account id '" + printable(id) + "' is not valid: an account id is " + AccountId.RULE);
        }
        return reads.account(new AccountId(id))
                .<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> problem(HttpStatus.NOT_FOUND, NOT_FOUND, "no account " + id));
    }

    /**
     * The stored outcome of a command id — a transfer's, or an account opening's — in the JSON of the result
     * contract, with {@code "replay": false}: the decision as first published.
     */
    @GetMapping(path = "/transfers/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> transfer(@PathVariable String id) {
        if (!CommandId.isValid(id)) {
            return problem(HttpStatus.BAD_REQUEST, INVALID_ID,
                    "transfer id '" + printable(id) + "' is not a UUID in 8-4-4-4-12 hexadecimal form");
        }
        CommandId commandId = CommandId.parse(id);
        return reads.outcome(commandId)
                .<ResponseEntity<?>>map(result -> ResponseEntity.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(WireCodec.encodeResult(result)))
                .orElseGet(() -> problem(HttpStatus.NOT_FOUND, NOT_FOUND, "no decided command with id " + commandId));
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
