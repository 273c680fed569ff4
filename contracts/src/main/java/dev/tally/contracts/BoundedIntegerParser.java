package dev.tally.contracts;

import java.math.BigInteger;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.util.JsonParserDelegate;

/**
 * A parser that never converts a JSON integer of more than {@link #MAX_DIGITS} digits to a number. Such a token is
 * outside the 64-bit range whatever its digits, and every contract rule about it needs only its sign and that fact;
 * converting it (and writing it back as text for a fingerprint) costs CPU quadratic in its length, which a 64 KiB
 * record of digits turns into seconds per poll. The tree reader gets an {@link OutOfRange} instead, which carries
 * the sign, a stand-in magnitude outside the 64-bit range, and the token's exact text, so that details and
 * fingerprints are the same as if the token had been converted.
 */
final class BoundedIntegerParser extends JsonParserDelegate {

    /** Every integer of up to 19 digits is converted as usual; {@link Long#MAX_VALUE} has 19 digits. */
    static final int MAX_DIGITS = 19;

    BoundedIntegerParser(JsonParser parser) {
        super(parser);
    }

    @Override
    public NumberType getNumberType() {
        return isLongInteger() ? NumberType.BIG_INTEGER : super.getNumberType();
    }

    @Override
    public BigInteger getBigIntegerValue() {
        return isLongInteger() ? OutOfRange.of(super.getString()) : super.getBigIntegerValue();
    }

    @Override
    public Number getNumberValue() {
        return isLongInteger() ? OutOfRange.of(super.getString()) : super.getNumberValue();
    }

    @Override
    public Number getNumberValueExact() {
        return isLongInteger() ? OutOfRange.of(super.getString()) : super.getNumberValueExact();
    }

    @Override
    public Object getNumberValueDeferred() {
        return isLongInteger() ? OutOfRange.of(super.getString()) : super.getNumberValueDeferred();
    }

    /** Whether the current token is an integer with more digits than any 64-bit integer; reads no digit. */
    private boolean isLongInteger() {
        if (currentToken() != JsonToken.VALUE_NUMBER_INT) {
            return false;
        }
        int length = super.getStringLength();
        if (length <= MAX_DIGITS) {
            return false;
        }
        return length - (super.getStringCharacters()[super.getStringOffset()] == '-' ? 1 : 0) > MAX_DIGITS;
    }

    /**
     * An integer of more than {@link #MAX_DIGITS} digits, unconverted. Only its sign, its being outside the 64-bit
     * range (in either direction) and its decimal text ({@link #toString()}) are true; its magnitude is a stand-in,
     * so it must not be compared with another out-of-range integer or used in arithmetic.
     */
    static final class OutOfRange extends BigInteger {

        private static final long serialVersionUID = 1L;

        /** 2^64: beyond the 64-bit range in both directions. */
        private static final byte[] STAND_IN_MAGNITUDE = BigInteger.ONE.shiftLeft(64).toByteArray();

        private final String text;

        private OutOfRange(int signum, String text) {
            super(signum, STAND_IN_MAGNITUDE);
            this.text = text;
        }

        static OutOfRange of(String text) {
            return new OutOfRange(text.charAt(0) == '-' ? -1 : 1, text);
        }

        /** The token as written, which for a JSON integer of this length is also its canonical decimal form. */
        @Override
        public String toString() {
            return text;
        }

        @Override
        public String toString(int radix) {
            if (radix != 10) {
                throw new UnsupportedOperationException("an out-of-range integer is kept as decimal text only");
            }
            return text;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof OutOfRange o && o.text.equals(text);
        }

        @Override
        public int hashCode() {
            return text.hashCode();
        }
    }
}
