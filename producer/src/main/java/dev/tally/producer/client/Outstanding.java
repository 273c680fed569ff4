package dev.tally.producer.client;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Every future a client handed out and has not completed yet, and whether the client is closed: closing completes
 * each one, so that no caller is left waiting.
 */
final class Outstanding {

    private final Set<CompletableFuture<?>> futures = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Keeps the future among the outstanding ones until it completes. */
    <T> CompletableFuture<T> track(CompletableFuture<T> future) {
        futures.add(future);
        future.whenComplete((value, failure) -> futures.remove(future));
        return future;
    }

    /** @throws IllegalStateException when the client is closed */
    void requireOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the client is closed");
        }
    }

    /** Marks the client closed; true the first time only. */
    boolean close() {
        return closed.compareAndSet(false, true);
    }

    /** Completes every future still outstanding exceptionally with {@code failure}. */
    void failAll(Throwable failure) {
        for (CompletableFuture<?> future : List.copyOf(futures)) {
            future.completeExceptionally(failure);
        }
    }
}
