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
    ACCOUNT_EXISTS("ACCOUNT_EXISTS");

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
