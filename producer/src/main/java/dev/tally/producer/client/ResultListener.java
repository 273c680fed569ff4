package dev.tally.producer.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import dev.tally.contracts.CommandId;
import dev.tally.contracts.Result;
import dev.tally.contracts.WireCodec;

/**
 * The client's one background reader of the results topic. It assigns itself every partition (no consumer group,
 * so every client sees every result), starts at the end, and hands each result to the futures registered for its
 * id, or else remembers it among the recent results.
 *
 * <p>Futures must be registered before their command is sent: a result can then never slip between "sent" and
 * "registered". Readiness means the start positions are resolved, so nothing committed after it is missed.
 */
final class ResultListener {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final Duration connectTimeout;
    private final Executor callbacks;
    private final RecentResults recent;
    private final Thread thread;
    private final CompletableFuture<List<TopicPartition>> ready = new CompletableFuture<>();
    private final ConcurrentHashMap<CommandId, List<Waiter>> waiting = new ConcurrentHashMap<>();
    private final AtomicInteger waitingCount = new AtomicInteger();
    private final AtomicLong resultsRead = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();
    private volatile boolean running = true;

    ResultListener(Map<String, Object> consumerConfig, String topic, Duration connectTimeout, int recentCapacity,
                   Executor callbacks) {
        this.consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
        this.connectTimeout = connectTimeout;
        this.callbacks = callbacks;
        this.recent = new RecentResults(recentCapacity);
        this.thread = new Thread(this::run, "tally-client-results-" + topic);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Completes with the results topic's partitions once positions are resolved; fails if that is impossible. */
    CompletableFuture<List<TopicPartition>> ready() {
        return ready;
    }

    /**
     * Registers a future for the next result of {@code id} that {@code accepts} (a result that answers another
     * command carrying the same id is left for that command's future).
     */
    void register(CommandId id, CompletableFuture<Result> future, Predicate<Result> accepts) {
        waiting.compute(id, (key, waiters) -> {
            List<Waiter> list = waiters == null ? new ArrayList<>(1) : waiters;
            list.add(new Waiter(future, accepts));
            return list;
        });
        waitingCount.incrementAndGet();
    }

    void unregister(CommandId id, CompletableFuture<Result> future) {
        boolean[] removed = {false};
        waiting.computeIfPresent(id, (key, waiters) -> {
            removed[0] = waiters.removeIf(waiter -> waiter.future == future);
            return waiters.isEmpty() ? null : waiters;
        });
        if (removed[0]) {
            waitingCount.decrementAndGet();
        }
    }

    Result recent(CommandId id) {
        return recent.find(id);
    }

    int waitingCount() {
        return waitingCount.get();
    }

    long resultsRead() {
        return resultsRead.get();
    }

    long unreadable() {
        return unreadable.get();
    }

    /** Every future still waiting, removed from the listener (used when the client closes). */
    List<CompletableFuture<Result>> drain() {
        List<CompletableFuture<Result>> all = new ArrayList<>();
        for (CommandId id : List.copyOf(waiting.keySet())) {
            List<Waiter> waiters = waiting.remove(id);
            if (waiters != null) {
                waiters.forEach(waiter -> all.add(waiter.future));
                waitingCount.addAndGet(-waiters.size());
            }
        }
        return all;
    }

    void stop(Duration timeout) {
        running = false;
        consumer.wakeup();
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            List<TopicPartition> partitions = assignAtEnd();
            ready.complete(partitions);
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    deliver(record.value());
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop.
        } catch (RuntimeException e) {
            ready.completeExceptionally(new PublishException(null, "cannot read results topic " + topic + ": "
                    + e.getMessage(), e));
        } finally {
            if (!ready.isDone()) {
                ready.completeExceptionally(new IllegalStateException("the client was closed"));
            }
            consumer.close(Duration.ZERO);
        }
    }

    private List<TopicPartition> assignAtEnd() {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, connectTimeout);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("results topic " + topic + " does not exist (the worker creates it at "
                    + "start-up; is the topic name right?)");
        }
        List<TopicPartition> partitions = infos.stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // seekToEnd is lazy; resolving the positions now makes "ready" mean every later result will be read.
        for (TopicPartition partition : partitions) {
            consumer.position(partition, connectTimeout);
        }
        return partitions;
    }

    private void deliver(byte[] value) {
        Result result;
        try {
            result = WireCodec.decodeResult(value);
        } catch (IllegalArgumentException e) {
            // Not ours to judge: a record that is not a v1 result cannot answer any future.
            unreadable.incrementAndGet();
            return;
        }
        resultsRead.incrementAndGet();
        // Remember first, then look for waiters: a waiter registered in between checks the recent results after
        // registering, so it sees this result one way or the other.
        recent.remember(result);
        List<CompletableFuture<Result>> answered = new ArrayList<>(1);
        waiting.computeIfPresent(result.id(), (id, waiters) -> {
            waiters.removeIf(waiter -> {
                boolean accepted = waiter.accepts.test(result);
                if (accepted) {
                    answered.add(waiter.future);
                }
                return accepted;
            });
            return waiters.isEmpty() ? null : waiters;
        });
        waitingCount.addAndGet(-answered.size());
        for (CompletableFuture<Result> future : answered) {
            callbacks.execute(() -> future.complete(result));
        }
    }

    private record Waiter(CompletableFuture<Result> future, Predicate<Result> accepts) {
    }
}
