/**
 * Authority (contract v1.2): who sent a command (its {@link dev.tally.worker.authority.Principal}, decided by the topic
 * it came from) and what that principal may do, each rule a plain function of the command and the locked rows.
 */
package dev.tally.worker.authority;
