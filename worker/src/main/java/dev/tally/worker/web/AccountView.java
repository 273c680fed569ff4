package dev.tally.worker.web;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An account as {@code GET /accounts/{id}} shows it.
 *
 * @param overdraftLimit {@code null} for an unbounded (funding) account
 * @param version        incremented by every balance change
 */
record AccountView(String id, String currency, long balance,
                   @JsonProperty("overdraft_limit") Long overdraftLimit, boolean unbounded, long version) {
}
