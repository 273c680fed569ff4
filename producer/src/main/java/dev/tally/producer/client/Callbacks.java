package dev.tally.producer.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completes the client's futures on the caller's executor. An executor that refuses or throws must not cost a
 * future its completion, nor the client's own threads their lives: the future is then completed on the calling
 * thread, and the refusal logged.
 */
final class Callbacks {

    private static final Logger log = LoggerFactory.getLogger(Callbacks.class);

    private final Executor executor;

    Callbacks(Executor executor) {
        this.executor = executor;
    }

    <T> void complete(CompletableFuture<T> future, T value) {
        run(() -> future.complete(value));
    }

    void fail(CompletableFuture<?> future, Throwable failure) {
        run(() -> future.completeExceptionally(failure));
    }

    private void run(Runnable completion) {
        try {
            executor.execute(completion);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            log.warn("the callback executor refused a completion ({}); completing on this thread instead",
                    e.toString());
            completion.run();
        }
    }
}
