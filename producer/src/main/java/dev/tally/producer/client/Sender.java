package dev.tally.producer.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.Command;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.Result;

/**
 * A client's sending: a command is admitted when there is room in flight, handed to the {@link Publisher} with the
 * caller's trace context, and, once handed over, its result awaited; see {@link TransferClient#send(Command,
 * AccountId, Duration)} and {@link TransferClient#submit(Command)}.
 */
final class Sender {

    private final Publisher publisher;
    private final InFlightLimit limit;
    private final ResultListener listener;
    private final ResultWaits waits;
    private final Callbacks callbacks;
    private final Outstanding outstanding;

    Sender(Publisher publisher, InFlightLimit limit, ResultListener listener, ResultWaits waits, Callbacks callbacks,
           Outstanding outstanding) {
        this.publisher = publisher;
        this.limit = limit;
        this.listener = listener;
        this.waits = waits;
        this.callbacks = callbacks;
        this.outstanding = outstanding;
    }

    /** Publishes {@code command} keyed by {@code orderingKey}; its future completes with the answering result. */
    Pending<Result> send(Command command, AccountId orderingKey, Duration timeout) {
        CompletableFuture<Result> future = outstanding.track(new CompletableFuture<>());
        future.whenComplete((result, failure) -> listener.unregister(command.id(), future));
        CompletableFuture<CommandId> acknowledged = new CompletableFuture<>();
        acknowledged.whenComplete((id, failure) -> {
            if (failure != null) {
                callbacks.fail(future, failure);
            }
        });
        // The caller's trace context is read here, on the caller's thread: a command that waits for room is handed
        // over later, from another thread.
        byte[] traceparent = TraceContext.current();
        admit(future, () -> publisher.publish(command, orderingKey, traceparent,
                () -> {
                    if (!future.isDone()) {
                        waits.awaitLive(command.id(), future, timeout, result -> Answers.answers(command, result));
                    }
                }, acknowledged));
        return new Pending<>(command.id(), future);
    }

    /** Publishes {@code command} without awaiting its result; completes with its id once the broker has it. */
    CompletableFuture<CommandId> submit(Command command, AccountId orderingKey) {
        CompletableFuture<CommandId> future = outstanding.track(new CompletableFuture<>());
        CompletableFuture<CommandId> acknowledged = new CompletableFuture<>();
        acknowledged.whenComplete((id, failure) -> {
            if (failure != null) {
                callbacks.fail(future, failure);
            } else {
                callbacks.complete(future, id);
            }
        });
        byte[] traceparent = TraceContext.current();
        admit(future, () -> publisher.publish(command, orderingKey, traceparent, () -> { }, acknowledged));
        return future;
    }

    /** Starts the command when there is room; fails its future at once when the client closed meanwhile. */
    private void admit(CompletableFuture<?> future, Runnable start) {
        if (!limit.admit(future, start)) {
            future.completeExceptionally(new IllegalStateException("the client is closed"));
        }
    }
}
