package dev.tally.contracts;

/**
 * The contract's rules for amounts, currencies and references. Money is a {@code long} of minor units plus an
 * ISO-4217-shaped currency code; there is no floating point anywhere on the wire.
 */
public final class Money {

    /** The longest reference the contract allows, in characters (Unicode code points). */
    public static final int MAX_REFERENCE_LENGTH = 256;

    private Money() {
    }

    /** Whether {@code currency} is three upper-case ASCII letters. */
    public static boolean isValidCurrency(String currency) {
        if (currency == null || currency.length() != 3) {
            return false;
        }
        for (int i = 0; i < 3; i++) {
            char c = currency.charAt(i);
            if (c < 'A' || c > 'Z') {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code reference} may be stored: at most 256 characters, no NUL character (PostgreSQL text cannot
     * hold one, and a value the database refuses would otherwise stall its partition) and no unpaired surrogate
     * (a JSON string escape can produce one, but UTF-8 cannot encode it: it would be stored and fingerprinted as
     * "?", so that another reference would pass for the same one).
     */
    public static boolean isValidReference(String reference) {
        // One pass over the characters, without a stream of code points: references are read on every transfer.
        int codePoints = 0;
        for (int i = 0; i < reference.length(); i++) {
            char c = reference.charAt(i);
            if (c == '\0') {
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < reference.length()
                    && Character.isLowSurrogate(reference.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
            codePoints++;
        }
        return codePoints <= MAX_REFERENCE_LENGTH;
    }
}
