package dev.tally.contracts;

import java.util.Objects;

/**
 * An account's id: 1–64 characters from {@code A-Z a-z 0-9 _ . : @ -}, starting with a letter or digit.
 * Ids are compared and ordered bytewise; since they are ASCII, {@link #compareTo} (UTF-16 order) is the same order
 * as PostgreSQL's {@code COLLATE "C"}, which is what makes the lock order identical in Java and SQL.
 */
public record AccountId(String value) implements Comparable<AccountId> {

    /** The longest account id the contract allows. */
    public static final int MAX_LENGTH = 64;

    /** The rule in words, for error messages. */
    public static final String RULE = "1-64 characters from A-Z a-z 0-9 _ . : @ -, starting with a letter or digit";

    public AccountId {
        Objects.requireNonNull(value, "value");
        if (!isValid(value)) {
            throw new IllegalArgumentException("account id must be " + RULE);
        }
    }

    /** Whether {@code text} is a valid account id; never throws. */
    public static boolean isValid(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alnum && (i == 0 || (c != '_' && c != '.' && c != ':' && c != '@' && c != '-'))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int compareTo(AccountId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
