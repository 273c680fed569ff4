package dev.tally.producer.cli;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import dev.tally.contracts.Result;
import dev.tally.producer.client.Pending;

/** Waits for one command's result and turns the ways it can fail into messages with exit code 2. */
final class Awaiting {

    private Awaiting() {
    }

    static Result result(Pending<Result> pending) {
        CompletableFuture<Result> future = pending.result();
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw CliException.usage(e.getCause().getMessage() + " (resend with --id " + pending.id() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.usage("interrupted; the outcome of " + pending.id() + " is unknown (resend with --id "
                    + pending.id() + ")");
        }
    }

    static int exitCode(Result result) {
        return result.applied() ? TallyCli.EXIT_OK : TallyCli.EXIT_REJECTED;
    }
}
