package dev.tally.contracts;

import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The idempotency key of a command: a UUID chosen once by the client and reused on every retry.
 * On the wire it is the canonical 36-character form; it is always written back in lower case.
 */
public record CommandId(UUID value) {

    private static final Pattern CANONICAL =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

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
        return text != null && text.length() == 36 && CANONICAL.matcher(text).matches();
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
