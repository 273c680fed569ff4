/**
 * Wire contract v1 of Tally, and its additive v1.1 (holds, linked transfers, closing accounts): the commands clients
 * publish, the results the worker publishes, their reason codes, topic and header names, and the one JSON codec every
 * side uses to read and write them.
 */
package dev.tally.contracts;
