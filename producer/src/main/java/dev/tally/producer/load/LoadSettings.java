package dev.tally.producer.load;

import java.time.Duration;
import java.util.Objects;

/**
 * What {@code tally load} does.
 *
 * @param accounts       bounded accounts to open (overdraft limit 0), each funded with {@code initialBalance}
 *                       from one funding account
 * @param prefix         starts every account id of the run, so runs never share accounts
 * @param ratePerSecond  open loop: publish at this rate; {@code null} for closed loop
 * @param maxInFlight    the most commands awaiting results at once (closed loop: the concurrency)
 * @param duration       run this long; {@code null} when {@code count} decides
 * @param count          publish this many transfers after set-up; {@code null} when {@code duration} decides
 * @param hotShare       the share of transfers that credit one hot account
 * @param duplicateShare the share of transfers that resend an earlier transfer with its id
 * @param rejectShare    the share of transfers built to be rejected
 * @param maxAmount      ordinary transfers move 1 to this many minor units
 * @param timeout        how long each command waits for its result
 */
public record LoadSettings(int accounts, long initialBalance, String currency, String prefix,
                           Double ratePerSecond, int maxInFlight, Duration duration, Long count,
                           double hotShare, double duplicateShare, double rejectShare, long maxAmount,
                           Duration timeout, long seed) {

    public LoadSettings {
        if (accounts < 2) {
            throw new IllegalArgumentException("accounts must be at least 2, was " + accounts);
        }
        if (initialBalance < 1) {
            throw new IllegalArgumentException("initial balance must be at least 1, was " + initialBalance);
        }
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(prefix, "prefix");
        if (ratePerSecond != null && !(ratePerSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive, was " + ratePerSecond);
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, was " + maxInFlight);
        }
        if (duration == null && count == null) {
            throw new IllegalArgumentException("give a duration or a count");
        }
        if (hotShare + duplicateShare + rejectShare > 1) {
            throw new IllegalArgumentException("hot, duplicate and reject shares add up to more than 1");
        }
        if (maxAmount < 1) {
            throw new IllegalArgumentException("max amount must be at least 1, was " + maxAmount);
        }
        Objects.requireNonNull(timeout, "timeout");
    }
}
