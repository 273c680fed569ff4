/** The same load over ten clients' topics (contract v1.2) against the operator's one, on one worker. */
package dev.tally.bench.clients;
