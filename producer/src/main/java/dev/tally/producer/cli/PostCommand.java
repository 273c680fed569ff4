package dev.tally.producer.cli;

import java.util.concurrent.Callable;

import dev.tally.contracts.PostPending;
import dev.tally.producer.client.LedgerCommands;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "post", mixinStandardHelpOptions = true,
        description = {"Post a hold: move the held amount, or a smaller --amount (the rest is released), from its "
                + "debit to its credit account, and print the decision.",
                "The post is keyed by the hold's debit account, read from the hold's result on the results topic "
                        + "unless --debit-account gives it. Exit code 0 when applied, 1 when rejected (such as "
                        + "PENDING_TRANSFER_EXPIRED), 2 on a usage or connection error."})
final class PostCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--amount", paramLabel = "MINOR_UNITS",
            description = "Move this much, at least 1 and at most the held amount (default: all of it)")
    Long amount;

    @Mixin
    HoldReference hold;

    @Mixin
    DecisionOptions decision;

    @Override
    public Integer call() {
        if (amount != null) {
            Checks.positive("--amount", amount);
        }
        PostPending post = LedgerCommands.post(decision.idOrNew(), hold.pendingId, amount);
        return decision.decide(post, hold.key(decision.timeout),
                spec.commandLine().getOut());
    }
}
