/**
 * The read API: an account's balance, floor and holds, its statement, and the stored outcome of a command, as JSON;
 * errors as RFC 9457 problem details; an OpenAPI document of it all.
 */
package dev.tally.worker.web;
