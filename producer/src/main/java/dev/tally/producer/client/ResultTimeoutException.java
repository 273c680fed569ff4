package dev.tally.producer.client;

import java.time.Duration;

import dev.tally.contracts.CommandId;

/**
 * No result for a command arrived in time. The outcome is unknown: the command may not have been published, may be
 * waiting to be decided, or may have been decided already. Sending the same command again with the same id is
 * always safe: the worker decides an id at most once and answers a repeat with the stored outcome
 * ({@code replay == true}).
 */
public final class ResultTimeoutException extends RuntimeException {

    private final CommandId id;

    ResultTimeoutException(CommandId id, Duration timeout) {
        super("no result for command " + id + " within " + timeout.toMillis() + " ms; the outcome is unknown, "
                + "and retrying with the same id is safe (a decided id is answered with its stored outcome)");
        this.id = id;
    }

    /** The id of the command whose result did not arrive; never {@code null}. */
    public CommandId id() {
        return id;
    }
}
