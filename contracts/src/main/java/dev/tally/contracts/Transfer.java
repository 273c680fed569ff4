package dev.tally.contracts;

import java.util.Objects;

/**
 * Move {@code amount} minor units of {@code currency} from the debit account to the credit account; or, when
 * {@code pending} (contract v1.1), hold them: the debit account's available balance drops by the amount until the
 * hold is posted, voided or expires, and no balance moves yet.
 *
 * @param reference      optional, at most 256 characters, stored and echoed; {@code null} when absent
 * @param pending        {@code true} for a two-phase transfer (a hold); {@code false} for a plain v1 transfer
 * @param timeoutSeconds a hold's lifetime, {@value #MIN_TIMEOUT_SECONDS} to {@value #MAX_TIMEOUT_SECONDS} seconds
 *                       from its decision; {@code null} for a hold that never expires, and always {@code null} for
 *                       a plain transfer
 */
public record Transfer(CommandId id, AccountId debitAccountId, AccountId creditAccountId, long amount,
                       String currency, String reference, boolean pending, Long timeoutSeconds) implements Command {

    /** The shortest hold timeout. */
    public static final long MIN_TIMEOUT_SECONDS = 1;

    /** The longest hold timeout: 365 days. */
    public static final long MAX_TIMEOUT_SECONDS = 31_536_000;

    public Transfer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(debitAccountId, "debitAccountId");
        Objects.requireNonNull(creditAccountId, "creditAccountId");
        if (amount < 1) {
            throw new IllegalArgumentException("amount must be at least 1 minor unit, was " + amount);
        }
        if (!Money.isValidCurrency(currency)) {
            throw new IllegalArgumentException("currency must be three upper-case letters");
        }
        if (reference != null && !Money.isValidReference(reference)) {
            throw new IllegalArgumentException("reference must be at most 256 characters of Unicode text, without NUL");
        }
        if (timeoutSeconds != null && !pending) {
            throw new IllegalArgumentException("timeout_seconds is only allowed on a pending transfer");
        }
        if (timeoutSeconds != null && (timeoutSeconds < MIN_TIMEOUT_SECONDS || timeoutSeconds > MAX_TIMEOUT_SECONDS)) {
            throw new IllegalArgumentException("timeout_seconds must be " + MIN_TIMEOUT_SECONDS + "-"
                    + MAX_TIMEOUT_SECONDS + ", was " + timeoutSeconds);
        }
    }

    /** A plain (v1) transfer. */
    public Transfer(CommandId id, AccountId debitAccountId, AccountId creditAccountId, long amount, String currency,
                    String reference) {
        this(id, debitAccountId, creditAccountId, amount, currency, reference, false, null);
    }

    /**
     * A pending transfer (a hold).
     *
     * @param timeoutSeconds {@code null} for a hold that never expires
     */
    public static Transfer pending(CommandId id, AccountId debitAccountId, AccountId creditAccountId, long amount,
                                   String currency, String reference, Long timeoutSeconds) {
        return new Transfer(id, debitAccountId, creditAccountId, amount, currency, reference, true, timeoutSeconds);
    }

    @Override
    public CommandType type() {
        return CommandType.TRANSFER;
    }

    @Override
    public AccountId orderingKey() {
        return debitAccountId;
    }

    @Override
    public String canonicalFields() {
        // Account ids and currencies cannot hold a newline, and the reference comes last, so this is unambiguous.
        // A plain transfer's form is the one of contract v1, so that ids decided before v1.1 still compare equal;
        // a hold's line starts with "p", never with the "-" or "+" that opens the reference line.
        return "transfer\n" + debitAccountId.value() + '\n' + creditAccountId.value() + '\n' + amount + '\n'
                + currency + '\n' + (pending ? "pending " + (timeoutSeconds == null ? "-" : timeoutSeconds) + '\n' : "")
                + (reference == null ? "-" : "+" + reference);
    }
}
