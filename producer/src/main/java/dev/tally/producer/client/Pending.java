package dev.tally.producer.client;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import dev.tally.contracts.CommandId;
import dev.tally.contracts.Result;

/**
 * A command that was handed to the client: its id (known at once, keep it to retry or to await the result later)
 * and the future of its result.
 *
 * @param id     the command's id, never {@code null}
 * @param result completes with the command's result, or exceptionally as described on
 *               {@link TransferClient#send(dev.tally.contracts.Command, java.time.Duration)}
 * @param <R>    the kind of result
 */
public record Pending<R extends Result>(CommandId id, CompletableFuture<R> result) {

    public Pending {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(result, "result");
    }
}
