/** Transfers: the decision on a transfer (a plain function of the command and the locked rows) and its application. */
package dev.tally.worker.transfer;
