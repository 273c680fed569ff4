/**
 * The read API: an account's balance and floor, and the stored outcome of a command, as JSON; errors as RFC 9457
 * problem details.
 */
package dev.tally.worker.web;
