package dev.tally.producer.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.Command;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.WireCodec;

/**
 * Publishes commands in the order they are handed over, on one thread of the client's own. A command is sent only
 * once the client is ready (its results could be missed before); a command that cannot be sent within the connect
 * timeout of being handed over fails with a {@link PublishException}, and later commands are tried again.
 */
final class Publisher {

    private final String commandsTopic;
    private final Duration connectTimeout;
    private final KafkaProducer<byte[], byte[]> producer;
    private final ExecutorService thread;
    private final CompletableFuture<List<TopicPartition>> ready;
    private final Supplier<Throwable> lastConnectFailure;

    Publisher(Map<String, Object> producerConfig, String commandsTopic, Duration connectTimeout,
              CompletableFuture<List<TopicPartition>> ready, Supplier<Throwable> lastConnectFailure) {
        this.commandsTopic = commandsTopic;
        this.connectTimeout = connectTimeout;
        this.producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
        this.thread = Executors.newSingleThreadExecutor(Arguments.daemon("tally-client-publisher"));
        this.ready = ready;
        this.lastConnectFailure = lastConnectFailure;
    }

    /**
     * Hands the command over. Once the client is ready, runs {@code beforeSend} (which registers the future for the
     * result and starts its timeout: the clock starts here, not while the command waited), then sends it.
     * {@code acknowledged} completes with the id when the broker acknowledged the command, or exceptionally.
     * {@code orderingKey} is the record key (the command's own ordering key, or a post's or void's hold's debit
     * account); {@code traceparent} is the caller's trace context ({@link TraceContext#current()}), or {@code null}.
     */
    void publish(Command command, AccountId orderingKey, byte[] traceparent, Runnable beforeSend,
                 CompletableFuture<CommandId> acknowledged) {
        long deadlineNanos = System.nanoTime() + connectTimeout.toNanos();
        byte[] key = orderingKey.value().getBytes(StandardCharsets.UTF_8);
        byte[] value = WireCodec.encodeCommand(command);
        try {
            thread.execute(() -> send(command, key, value, traceparent, deadlineNanos, beforeSend, acknowledged));
        } catch (RejectedExecutionException e) {
            acknowledged.completeExceptionally(new IllegalStateException("the client is closed", e));
        }
    }

    private void send(Command command, byte[] key, byte[] value, byte[] traceparent, long deadlineNanos,
                      Runnable beforeSend, CompletableFuture<CommandId> acknowledged) {
        if (acknowledged.isDone()) {
            return;
        }
        try {
            // Sending before the results consumer is positioned could lose the result.
            ready.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            beforeSend.run();
            producer.send(TraceContext.record(commandsTopic, key, value, traceparent), (metadata, failure) -> {
                if (failure == null) {
                    acknowledged.complete(command.id());
                } else {
                    acknowledged.completeExceptionally(new PublishException(command.id(), "command "
                            + command.id() + " was not acknowledged: " + failure.getMessage()
                            + "; retrying with the same id is safe", failure));
                }
            });
        } catch (TimeoutException e) {
            Throwable cause = lastConnectFailure.get();
            acknowledged.completeExceptionally(new PublishException(command.id(), "command " + command.id()
                    + " was not sent: the client could not connect within " + connectTimeout
                    + (cause == null ? "" : " (" + cause.getMessage() + ")")
                    + "; it keeps trying, and retrying with the same id is safe", cause));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acknowledged.completeExceptionally(new IllegalStateException("the client was closed", e));
        } catch (ExecutionException e) {
            acknowledged.completeExceptionally(new IllegalStateException("the client was closed", e.getCause()));
        } catch (RuntimeException e) {
            acknowledged.completeExceptionally(new PublishException(command.id(), "command " + command.id()
                    + " was not sent: " + e.getMessage() + "; retrying with the same id is safe", e));
        }
    }

    /** Sends what was handed over (waiting up to {@code timeout}), then closes the producer. */
    void close(Duration timeout) {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
