/** Accounts: their rows, row locks, conditional balance updates, and the decisions to open and to close one. */
package dev.tally.worker.account;
