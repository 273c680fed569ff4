package dev.tally.contracts;

/** Whether a command changed the book ({@code APPLIED}) or was refused with a {@link Reason} ({@code REJECTED}). */
public enum Status {
    APPLIED,
    REJECTED;

    /**
     * @throws IllegalArgumentException for any other code
     */
    public static Status fromWire(String code) {
        for (Status status : values()) {
            if (status.name().equals(code)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown status: " + code);
    }
}
