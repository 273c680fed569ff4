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
 * @param ledger         the share of holds and linked transfers among the transfers (contract v1.1)
 * @param warmup         before the measured part ({@code duration} or {@code count}), publish as configured for this
 *                       long first: its commands are awaited, checked and reported like the others, but its latencies
 *                       go to histograms of their own and its time counts in neither duration nor throughput;
 *                       {@link Duration#ZERO} for none
 */
public record LoadSettings(int accounts, long initialBalance, String currency, String prefix,
                           Double ratePerSecond, int maxInFlight, Duration duration, Long count,
                           double hotShare, double duplicateShare, double rejectShare, long maxAmount,
                           Duration timeout, long seed, Ledger ledger, Duration warmup) {

    /** Plain transfers only, as before contract v1.1, and no warm-up. */
    public LoadSettings(int accounts, long initialBalance, String currency, String prefix, Double ratePerSecond,
                        int maxInFlight, Duration duration, Long count, double hotShare, double duplicateShare,
                        double rejectShare, long maxAmount, Duration timeout, long seed) {
        this(accounts, initialBalance, currency, prefix, ratePerSecond, maxInFlight, duration, count, hotShare,
                duplicateShare, rejectShare, maxAmount, timeout, seed, Ledger.NONE);
    }

    /** No warm-up. */
    public LoadSettings(int accounts, long initialBalance, String currency, String prefix, Double ratePerSecond,
                        int maxInFlight, Duration duration, Long count, double hotShare, double duplicateShare,
                        double rejectShare, long maxAmount, Duration timeout, long seed, Ledger ledger) {
        this(accounts, initialBalance, currency, prefix, ratePerSecond, maxInFlight, duration, count, hotShare,
                duplicateShare, rejectShare, maxAmount, timeout, seed, ledger, Duration.ZERO);
    }

    /**
     * Holds and linked transfers in the mix. Each hold's fate is drawn when it is taken: posted (a third of those
     * for less than the held amount), voided, or left to expire after {@code expiry}; its post or void follows a
     * few commands later, on the hold's partition. A linked command is a purchase with a fee (two legs from one
     * account) or a chain through a second account (its money moves twice in one command).
     *
     * @param holdShare   the share of transfers that are holds
     * @param postShare   the share of holds posted
     * @param voidShare   the share of holds voided; the rest are left to expire
     * @param linkedShare the share of transfers that are linked transfers
     * @param expiry      how long a hold left to expire lasts (whole seconds); posted and voided holds last an hour
     */
    public record Ledger(double holdShare, double postShare, double voidShare, double linkedShare, Duration expiry) {

        public static final Ledger NONE = new Ledger(0, 0.6, 0.25, 0, Duration.ofSeconds(2));

        public Ledger {
            if (!(holdShare >= 0 && linkedShare >= 0 && postShare >= 0 && voidShare >= 0)) {
                throw new IllegalArgumentException("hold, linked, post and void shares must be >= 0");
            }
            if (postShare + voidShare > 1) {
                throw new IllegalArgumentException("post and void shares add up to more than 1");
            }
            Objects.requireNonNull(expiry, "expiry");
            if (expiry.getNano() != 0 || expiry.getSeconds() < 1) {
                throw new IllegalArgumentException("expiry must be whole seconds, at least 1, was " + expiry);
            }
        }
    }

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
        Objects.requireNonNull(ledger, "ledger");
        if (hotShare + duplicateShare + rejectShare + ledger.holdShare() + ledger.linkedShare() > 1) {
            throw new IllegalArgumentException("hot, duplicate, reject, hold and linked shares add up to more than 1");
        }
        if (maxAmount < 1) {
            throw new IllegalArgumentException("max amount must be at least 1, was " + maxAmount);
        }
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(warmup, "warmup");
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("warm-up must not be negative, was " + warmup);
        }
    }
}
