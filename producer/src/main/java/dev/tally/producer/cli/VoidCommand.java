package dev.tally.producer.cli;

import java.util.concurrent.Callable;

import dev.tally.contracts.VoidPending;
import dev.tally.producer.client.LedgerCommands;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "void", mixinStandardHelpOptions = true,
        description = {"Void a hold: release the held amount, and print the decision.",
                "The void is keyed by the hold's debit account, read from the hold's result on the results topic "
                        + "unless --debit-account gives it. Exit code 0 when applied, 1 when rejected (such as "
                        + "PENDING_TRANSFER_ALREADY_POSTED), 2 on a usage or connection error."})
final class VoidCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    HoldReference hold;

    @Mixin
    DecisionOptions decision;

    @Override
    public Integer call() {
        VoidPending release = LedgerCommands.voidHold(decision.idOrNew(), hold.pendingId);
        return decision.decide(release, hold.key(decision.timeout),
                spec.commandLine().getOut());
    }
}
