package dev.tally.producer.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.Function;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.Command;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.Result;
import dev.tally.producer.client.TransferClient;

/**
 * What every command that sends one command and prints its decision shares: the id to use (or reuse, to retry),
 * the output form, how long to wait, and the connection.
 */
final class DecisionOptions {

    @Option(names = "--id", paramLabel = "UUID", converter = CommandIdConverter.class,
            description = "The command id; default: a new one. Reuse it to retry.")
    CommandId id;

    @Option(names = "--json", description = "Print the result as contract JSON")
    boolean json;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long to wait for the result (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Mixin
    KafkaOptions kafka;

    /** The given {@code --id}, or a new one. */
    CommandId idOrNew() {
        return id == null ? CommandId.random() : id;
    }

    /** Sends the command, prints its result, and returns the exit code: 0 applied, 1 rejected. */
    int decide(Command command, PrintWriter out) {
        try (TransferClient client = kafka.connect(timeout)) {
            Result result = Awaiting.result(client.send(command, timeout));
            out.println(ResultText.of(result, json));
            return Awaiting.exitCode(result);
        }
    }

    /**
     * As {@link #decide(Command, PrintWriter)}, for a command that names no account of its own (a post or void,
     * keyed by its hold's debit account): {@code orderingKey} finds the key once the client is connected.
     */
    int decide(Command command, Function<TransferClient, AccountId> orderingKey, PrintWriter out) {
        try (TransferClient client = kafka.connect(timeout)) {
            Result result = Awaiting.result(client.send(command, orderingKey.apply(client), timeout));
            out.println(ResultText.of(result, json));
            return Awaiting.exitCode(result);
        }
    }
}
