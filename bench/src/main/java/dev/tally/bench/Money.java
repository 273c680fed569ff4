package dev.tally.bench;

/**
 * Transfers of money per second of a scenario with holds (a hold and its post or void count once), and the share of
 * those transfers that took the hold path.
 */
public record Money(double perSecond, double holdShare) {
}
