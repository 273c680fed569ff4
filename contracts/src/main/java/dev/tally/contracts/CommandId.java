package dev.tally.contracts;

import java.util.Objects;
import java.util.UUID;

/**
 * The idempotency key of a command: a UUID chosen once by the client and reused on every retry.
 * On the wire it is the canonical 36-character form; it is always written back in lower case.
 */
public record CommandId(UUID value) {

    /** Which ASCII characters a UUID's hexadecimal digits may be. */
    private static final boolean[] IS_HEX_DIGIT = new boolean[128];

    static {
        for (char c : "0123456789abcdefABCDEF".toCharArray()) {
            IS_HEX_DIGIT[c] = true;
        }
    }

    public CommandId {
        Objects.requireNonNull(value, "value");
    }

    /** A fresh random id, for callers that do not bring their own. */
    public static CommandId random() {
        return new CommandId(UUID.randomUUID());
    }

    /**
     * Parses the canonical 8-4-4-4-12 hexadecimal form (either case).
     *
     * @throws IllegalArgumentException when {@code text} is not such a UUID
     */
    public static CommandId parse(String text) {
        if (!isValid(text)) {
            throw new IllegalArgumentException("id must be a UUID in 8-4-4-4-12 hexadecimal form");
        }
        return new CommandId(UUID.fromString(text));
    }

    /** Whether {@code text} is a UUID in canonical form; {@link UUID#fromString} alone accepts odd forms such as "1-1-1-1-1". */
    public static boolean isValid(String text) {
        // Checked by hand rather than with a regular expression, every record's id and more pass here; a table
        // rather than ranges, whose outcome changes from digit to letter at random and so defeats branch prediction.
        if (text == null || text.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = text.charAt(i);
            boolean valid = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-' : c < 128 && IS_HEX_DIGIT[c];
            if (!valid) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
