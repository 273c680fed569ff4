/**
 * The read API: an account's balance, floor and holds, its statement, and the stored outcome of a command, as JSON;
 * errors as RFC 9457 problem details; an OpenAPI document of it all. With bearer JWTs (contract v1.2, see
 * {@code dev.tally.worker.security}) a client reads only its own accounts and the commands it sent.
 */
package dev.tally.worker.web;
