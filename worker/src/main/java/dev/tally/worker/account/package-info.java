/** Accounts: their rows, row locks, conditional balance updates, and the decision to open one. */
package dev.tally.worker.account;
