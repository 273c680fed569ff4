package dev.tally.contracts;

/** The kinds of command, with their stable wire names. */
public enum CommandType {
    TRANSFER("transfer"),
    OPEN_ACCOUNT("open_account"),
    /** Contract v1.1: move the money held by a pending transfer (all of it, or less and release the rest). */
    POST_PENDING("post_pending"),
    /** Contract v1.1: release the money held by a pending transfer. */
    VOID_PENDING("void_pending"),
    /** Contract v1.1: several transfers applied all together or not at all. */
    LINKED_TRANSFERS("linked_transfers"),
    /** Contract v1.1: close an account with a zero balance and no live hold. */
    CLOSE_ACCOUNT("close_account");

    // values() copies its array on every call, and every record's type is looked up here.
    private static final CommandType[] TYPES = values();

    private final String wireName;

    CommandType(String wireName) {
        this.wireName = wireName;
    }

    /** The value of the {@code type} field. */
    public String wireName() {
        return wireName;
    }

    /** The type with this wire name, or {@code null} when there is none (an unknown type is not an error here). */
    public static CommandType fromWireOrNull(String wireName) {
        for (CommandType type : TYPES) {
            if (type.wireName.equals(wireName)) {
                return type;
            }
        }
        return null;
    }

    /**
     * @throws IllegalArgumentException when no type has this wire name
     */
    public static CommandType fromWire(String wireName) {
        CommandType type = fromWireOrNull(wireName);
        if (type == null) {
            throw new IllegalArgumentException("unknown command type: " + wireName);
        }
        return type;
    }
}
