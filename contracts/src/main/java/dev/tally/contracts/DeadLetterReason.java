package dev.tally.contracts;

/**
 * Why a record on the commands topic is not a command at all, written to the {@link Headers#DLT_REASON} header of
 * its copy on the dead-letter topic. Codes are stable.
 */
public enum DeadLetterReason {
    /** The value is not JSON (or not UTF-8, or empty, or has text after the object, or a repeated field name). */
    MALFORMED_JSON,
    /** The value is JSON but not an object. */
    NOT_AN_OBJECT,
    /** The object has no {@code id}, or one that is not a UUID. */
    MISSING_ID,
    /** The object has a usable id but no {@code type}, or one no version of the contract knows. */
    UNKNOWN_TYPE,
    /** The value is larger than {@link WireCodec#MAX_COMMAND_BYTES}; it was not parsed. */
    TOO_LARGE;

    /** The stable wire code. */
    public String code() {
        return name();
    }
}
