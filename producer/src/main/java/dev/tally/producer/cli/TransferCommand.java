package dev.tally.producer.cli;

import java.util.concurrent.Callable;

import dev.tally.contracts.Transfer;
import dev.tally.producer.client.TransferClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "transfer", mixinStandardHelpOptions = true,
        description = {"Move money between two accounts and print the decision.",
                "Exit code 0 when applied, 1 when rejected, 2 on a usage or connection error. Retrying with the "
                        + "same --id is safe: a decided id is answered with its stored outcome (a replay)."})
final class TransferCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TransferOptions transfer;

    @Mixin
    DecisionOptions decision;

    @Override
    public Integer call() {
        transfer.checkAccountsAmountAndCurrency();
        transfer.checkReference();
        Transfer command = TransferClient.newTransfer(decision.idOrNew(), transfer.from, transfer.to,
                transfer.amount, transfer.currency, transfer.reference);
        return decision.decide(command, spec.commandLine().getOut());
    }
}
