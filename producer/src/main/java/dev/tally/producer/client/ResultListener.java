package dev.tally.producer.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tally.contracts.CommandId;
import dev.tally.contracts.Result;
import dev.tally.contracts.WireCodec;

/**
 * The client's one background reader of the results topic. It assigns itself every partition (no consumer group,
 * so every client sees every result), starts at the end, and hands each result to the futures registered for its
 * id, or else remembers it among the recent results.
 *
 * <p>Futures must be registered before their command is sent: a result can then never slip between "sent" and
 * "registered". Readiness means both topics exist and the start positions are resolved, so nothing committed after
 * it is missed; until then the reader keeps trying (a broker that is down when the client starts only delays it).
 * After that, any failure of the consumer is logged and the reader starts a new consumer at the positions it had
 * reached, keeping every registered future; only {@link #stop} ends it.
 */
final class ResultListener {

    private static final Logger log = LoggerFactory.getLogger(ResultListener.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
    private static final long FIRST_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 5_000;

    private final Map<String, Object> consumerConfig;
    private final String topic;
    private final String commandsTopic;
    private final Duration connectTimeout;
    private final Callbacks callbacks;
    private final RecentResults recent;
    private final Thread thread;
    private final CompletableFuture<List<TopicPartition>> ready = new CompletableFuture<>();
    private final ConcurrentHashMap<CommandId, List<Waiter>> waiting = new ConcurrentHashMap<>();
    private final AtomicInteger waitingCount = new AtomicInteger();
    private final AtomicLong resultsRead = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();
    private final AtomicLong restarts = new AtomicLong();
    /** The next offset to read per partition; written by the reader thread only. */
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile Throwable lastFailure;
    private volatile boolean running = true;

    ResultListener(Map<String, Object> consumerConfig, String topic, String commandsTopic, Duration connectTimeout,
                   int recentCapacity, Callbacks callbacks) {
        this.consumerConfig = consumerConfig;
        this.topic = topic;
        this.commandsTopic = commandsTopic;
        this.connectTimeout = connectTimeout;
        this.callbacks = callbacks;
        this.recent = new RecentResults(recentCapacity);
        this.thread = new Thread(this::run, "tally-client-results-" + topic);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /**
     * Completes with the results topic's partitions once positions are resolved; completes exceptionally only when
     * the listener is stopped first.
     */
    CompletableFuture<List<TopicPartition>> ready() {
        return ready;
    }

    /** Why the reader last failed (to connect, or to read), or {@code null}. */
    Throwable lastFailure() {
        return lastFailure;
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

    /** How often the reader replaced its consumer after a failure. */
    long restarts() {
        return restarts.get();
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
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        thread.interrupt();
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        long backoffMs = FIRST_BACKOFF_MS;
        while (running) {
            try {
                if (consumer == null) {
                    consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(),
                            new ByteArrayDeserializer());
                    if (positions.isEmpty()) {
                        ready.complete(assignAtEnd());
                    } else {
                        consumer.assign(positions.keySet());
                        positions.forEach(consumer::seek);
                    }
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL_TIMEOUT)) {
                    // The position moves first: a record that cannot be delivered is logged, never read forever.
                    positions.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
                    deliver(record.value());
                }
                backoffMs = FIRST_BACKOFF_MS;
            } catch (WakeupException e) {
                // stop() asked us to end; the loop condition says so.
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                lastFailure = e;
                if (!running) {
                    break;
                }
                log.warn("results reader of {}: {}; {} in {} ms, keeping {} waiting futures", topic, e.toString(),
                        positions.isEmpty() ? "connecting again" : "reading again from the same positions",
                        backoffMs, waitingCount.get());
                closeConsumer();
                restarts.incrementAndGet();
                try {
                    Thread.sleep(backoffMs);
                } catch (InterruptedException interrupted) {
                    // stop() interrupts; the loop condition decides.
                }
                backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
            }
        }
        closeConsumer();
        ready.completeExceptionally(new IllegalStateException("the client was closed"));
    }

    private void closeConsumer() {
        KafkaConsumer<byte[], byte[]> current = consumer;
        consumer = null;
        if (current != null) {
            try {
                current.close(Duration.ZERO);
            } catch (RuntimeException e) {
                log.debug("closing the results consumer: {}", e.toString());
            }
        }
    }

    private List<TopicPartition> assignAtEnd() {
        List<PartitionInfo> commands = consumer.partitionsFor(commandsTopic, connectTimeout);
        if (commands == null || commands.isEmpty()) {
            throw new IllegalStateException("commands topic " + commandsTopic + " does not exist (the worker creates "
                    + "it at start-up; is the topic name right?)");
        }
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
            positions.put(partition, consumer.position(partition, connectTimeout));
        }
        return partitions;
    }

    private void deliver(byte[] value) {
        Result result;
        try {
            // Lenient: a reason code added by a newer worker is kept as text, so its future still completes.
            result = WireCodec.decodeResultLeniently(value);
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
            callbacks.complete(future, result);
        }
    }

    private record Waiter(CompletableFuture<Result> future, Predicate<Result> accepts) {
    }
}
