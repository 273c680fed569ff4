/**
 * The ledger: decides each command exactly once, in one database transaction, guarded by the idempotency record
 * (the journal) and by the per-partition offset row against stale consumers.
 */
package dev.tally.worker.ledger;
