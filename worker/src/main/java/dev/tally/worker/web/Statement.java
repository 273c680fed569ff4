package dev.tally.worker.web;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One page of {@code GET /accounts/{id}/transfers}: movements in the exact order they were decided.
 *
 * @param next the cursor of the next page ({@code after=<next>}), {@code null} on the last page
 */
record Statement(@JsonProperty("account_id") String accountId, List<Movement> movements, String next) {
}
