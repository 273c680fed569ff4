package dev.tally.contracts;

/**
 * Why a command was rejected. Wire codes are stable: new ones may be added, none is ever renamed.
 */
public enum Reason {
    INSUFFICIENT_FUNDS("INSUFFICIENT_FUNDS"),
    DEBIT_ACCOUNT_NOT_FOUND("DEBIT_ACCOUNT_NOT_FOUND"),
    CREDIT_ACCOUNT_NOT_FOUND("CREDIT_ACCOUNT_NOT_FOUND"),
    SAME_ACCOUNT("SAME_ACCOUNT"),
    INVALID_AMOUNT("INVALID_AMOUNT"),
    CURRENCY_MISMATCH("CURRENCY_MISMATCH"),
    BALANCE_OVERFLOW("BALANCE_OVERFLOW"),
    /** A known command type with a bad or missing field; the result's {@code detail} names the field. */
    INVALID_COMMAND("INVALID_COMMAND"),
    /** The id was decided before for a command with other fields; the original decision stands. */
    ID_REUSED_WITH_DIFFERENT_FIELDS("ID_REUSED_WITH_DIFFERENT_FIELDS"),
    /** The account was opened before with another currency, limit or boundedness. */
    ACCOUNT_EXISTS("ACCOUNT_EXISTS"),
    /** v1.1: a post or void names an id that is not (yet) a pending transfer that was applied. */
    PENDING_TRANSFER_NOT_FOUND("PENDING_TRANSFER_NOT_FOUND"),
    /** v1.1: the pending transfer was posted before. */
    PENDING_TRANSFER_ALREADY_POSTED("PENDING_TRANSFER_ALREADY_POSTED"),
    /** v1.1: the pending transfer was voided before. */
    PENDING_TRANSFER_ALREADY_VOIDED("PENDING_TRANSFER_ALREADY_VOIDED"),
    /** v1.1: the pending transfer's timeout ran out; its money was released. */
    PENDING_TRANSFER_EXPIRED("PENDING_TRANSFER_EXPIRED"),
    /** v1.1: a post's amount is above the amount the pending transfer holds. */
    EXCEEDS_PENDING_AMOUNT("EXCEEDS_PENDING_AMOUNT"),
    /** v1.1: an account to close has a balance other than zero. */
    ACCOUNT_NOT_EMPTY("ACCOUNT_NOT_EMPTY"),
    /** v1.1: an account to close has a live hold (as debit or credit account of a pending transfer). */
    ACCOUNT_HAS_PENDING("ACCOUNT_HAS_PENDING"),
    /** v1.1: the account to close does not exist. */
    ACCOUNT_NOT_FOUND("ACCOUNT_NOT_FOUND"),
    /** v1.1: the debit account was closed. */
    DEBIT_ACCOUNT_CLOSED("DEBIT_ACCOUNT_CLOSED"),
    /** v1.1: the credit account was closed. */
    CREDIT_ACCOUNT_CLOSED("CREDIT_ACCOUNT_CLOSED"),
    /**
     * v1.2: the sender may not do this (debit another's account, open outside its own prefix, post another's hold,
     * ...); the result's {@code detail} names the rule, never a property of an account or hold the sender does not own.
     */
    NOT_PERMITTED("NOT_PERMITTED");

    private final String code;

    Reason(String code) {
        this.code = code;
    }

    /** The stable wire code. */
    public String code() {
        return code;
    }

    /**
     * @throws IllegalArgumentException when no reason has this code
     */
    public static Reason fromCode(String code) {
        Reason reason = fromCodeOrNull(code);
        if (reason == null) {
            throw new IllegalArgumentException("unknown reason code: " + code);
        }
        return reason;
    }

    /** The reason with this code, or {@code null} when this version knows none (a newer worker may add codes). */
    public static Reason fromCodeOrNull(String code) {
        for (Reason reason : values()) {
            if (reason.code.equals(code)) {
                return reason;
            }
        }
        return null;
    }
}
