package dev.tally.worker.ledger;

import dev.tally.contracts.Result;

/**
 * A decision as recorded in the journal.
 *
 * @param fingerprint SHA-256 of the deciding command's fields
 * @param source      the record that was decided
 * @param result      the result as first published ({@code replay == false}), every figure included
 * @param principal   the client that sent the command (contract v1.2), {@code null} for the operator
 */
record StoredDecision(byte[] fingerprint, RecordSource source, Result result, String principal) {
}
