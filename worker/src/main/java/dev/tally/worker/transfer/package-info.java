/**
 * Transfers: the decisions on a transfer or hold, on a post or void of a hold, and on linked transfers, each a plain
 * function of the command and the locked rows.
 */
package dev.tally.worker.transfer;
