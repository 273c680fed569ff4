package dev.tally.producer.client;

import dev.tally.contracts.CommandId;

/**
 * The broker did not acknowledge a command, or the client could not reach the broker or its topics. The command
 * may or may not have been written; sending it again with the same id is safe.
 */
public final class PublishException extends RuntimeException {

    private final CommandId id;

    PublishException(CommandId id, String message, Throwable cause) {
        super(message, cause);
        this.id = id;
    }

    /** The id of the command concerned; {@code null} when the failure concerns the client as a whole. */
    public CommandId id() {
        return id;
    }
}
