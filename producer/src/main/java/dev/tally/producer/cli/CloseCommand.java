package dev.tally.producer.cli;

import java.util.concurrent.Callable;

import dev.tally.contracts.CloseAccount;
import dev.tally.producer.client.LedgerCommands;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "close", mixinStandardHelpOptions = true,
        description = {"Close an account and print the decision. It needs a zero balance and no live hold; "
                + "afterwards no transfer, leg or hold may touch it, and it cannot be opened again.",
                "Exit code 0 when applied (closing a closed account again is applied), 1 when rejected "
                        + "(ACCOUNT_NOT_EMPTY, ACCOUNT_HAS_PENDING, ACCOUNT_NOT_FOUND), 2 on a usage or connection "
                        + "error."})
final class CloseCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ACCOUNT", description = "The account to close")
    String account;

    @Mixin
    DecisionOptions decision;

    @Override
    public Integer call() {
        Checks.account("ACCOUNT", account);
        CloseAccount close = LedgerCommands.close(decision.idOrNew(), account);
        return decision.decide(close, spec.commandLine().getOut());
    }
}
