/**
 * Wire contract v1 (and its additive v1.1: holds, linked transfers, closing) of Tally: the commands clients publish, the results the worker publishes, their reason codes,
 * topic and header names, and the one JSON codec every side uses to read and write them.
 */
package dev.tally.contracts;
