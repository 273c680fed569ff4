package dev.tally.producer.client;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import dev.tally.contracts.CommandId;
import dev.tally.contracts.Result;

/**
 * A client's waiting for results: a future registered with the results reader before its command is sent, with a
 * timeout of its own; decisions awaited by id, from the recent results or a scan of the results topic; and the
 * client's readiness. See {@link TransferClient#await(CommandId, Duration)} and {@link TransferClient#ready()}.
 */
final class ResultWaits {

    private final ResultListener listener;
    private final Map<String, Object> consumerConfig;
    private final Duration connectTimeout;
    private final Callbacks callbacks;
    private final Outstanding outstanding;
    private final ExecutorService scanner;
    private final ScheduledThreadPoolExecutor timer;

    ResultWaits(ResultListener listener, Map<String, Object> consumerConfig, Duration connectTimeout,
                Callbacks callbacks, Outstanding outstanding) {
        this.listener = listener;
        this.consumerConfig = consumerConfig;
        this.connectTimeout = connectTimeout;
        this.callbacks = callbacks;
        this.outstanding = outstanding;
        this.scanner = Executors.newSingleThreadExecutor(Arguments.daemon("tally-client-scan"));
        this.timer = new ScheduledThreadPoolExecutor(1, Arguments.daemon("tally-client-timeouts"));
        this.timer.setRemoveOnCancelPolicy(true);
    }

    /** Registers a future for the id's next result and starts its timeout; registration comes before any send. */
    void awaitLive(CommandId id, CompletableFuture<Result> future, Duration timeout, Predicate<Result> accepts) {
        listener.register(id, future, accepts);
        try {
            ScheduledFuture<?> expiry = timer.schedule(() -> callbacks.fail(future,
                    new ResultTimeoutException(id, timeout)), timeout.toNanos(), TimeUnit.NANOSECONDS);
            future.whenComplete((result, failure) -> expiry.cancel(false));
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(new IllegalStateException("the client is closed", e));
        }
    }

    /** The decision on {@code id}, whenever it was made; see {@link TransferClient#await(CommandId, Duration)}. */
    CompletableFuture<Result> await(CommandId id, Duration timeout) {
        CompletableFuture<Result> future = outstanding.track(new CompletableFuture<>());
        future.whenComplete((result, failure) -> listener.unregister(id, future));
        awaitLive(id, future, timeout, Answers::isDecision);
        Result known = listener.recent(id);
        if (known != null) {
            callbacks.complete(future, known);
            return future;
        }
        listener.ready().thenAcceptAsync(partitions -> {
            if (future.isDone()) {
                return;
            }
            ResultScan.find(consumerConfig, partitions, id, timeout)
                    .ifPresent(result -> callbacks.complete(future, result));
        }, scanner);
        return future;
    }

    /** Completes when the client can work; see {@link TransferClient#ready()}. */
    CompletableFuture<Void> ready() {
        CompletableFuture<Void> answer = new CompletableFuture<>();
        listener.ready().whenComplete((partitions, failure) -> {
            if (failure == null) {
                callbacks.complete(answer, null);
            } else {
                answer.completeExceptionally(new PublishException(null, unwrap(failure).getMessage(), failure));
            }
        });
        if (!answer.isDone()) {
            try {
                timer.schedule(() -> {
                    Throwable cause = listener.lastFailure();
                    answer.completeExceptionally(new PublishException(null, "not connected within "
                            + connectTimeout + (cause == null ? "" : ": " + cause.getMessage())
                            + " (is the broker running, and do the topics exist?); the client keeps trying", cause));
                }, connectTimeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                answer.completeExceptionally(new IllegalStateException("the client is closed", e));
            }
        }
        return answer;
    }

    /** Stops the scans and the timeouts; the futures they would have completed are completed by the client. */
    void close() {
        scanner.shutdownNow();
        timer.shutdownNow();
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
