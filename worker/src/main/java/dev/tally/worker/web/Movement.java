package dev.tally.worker.web;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One movement of posted money on an account's statement: a plain transfer, the post of a hold, or one leg of linked
 * transfers, with the account's balance right after it.
 *
 * @param commandId    the id of the command that moved the money
 * @param type         {@code transfer}, {@code post_pending} or {@code linked_transfers}
 * @param leg          the leg's index (from 0) for linked transfers, {@code null} otherwise
 * @param direction    {@code debit} when the money left this account, {@code credit} when it came in
 * @param balanceAfter this account's balance right after the movement
 * @param reference    the transfer's or leg's reference, when it had one
 */
record Movement(@JsonProperty("command_id") String commandId, String type, Integer leg, String direction,
                @JsonProperty("debit_account_id") String debitAccountId,
                @JsonProperty("credit_account_id") String creditAccountId, long amount, String currency,
                String reference, @JsonProperty("balance_after") long balanceAfter,
                @JsonProperty("decided_at") Instant decidedAt) {
}
