package dev.tally.producer.cli;

import java.util.concurrent.Callable;

import dev.tally.contracts.Money;
import dev.tally.contracts.Transfer;
import dev.tally.producer.client.TransferClient;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "transfer", mixinStandardHelpOptions = true,
        description = {"Move money between two accounts and print the decision.",
                "Exit code 0 when applied, 1 when rejected, 2 on a usage or connection error. Retrying with the "
                        + "same --id is safe: a decided id is answered with its stored outcome (a replay)."})
final class TransferCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "ACCOUNT", description = "The debit account")
    String from;

    @Option(names = "--to", required = true, paramLabel = "ACCOUNT", description = "The credit account")
    String to;

    @Option(names = "--amount", required = true, paramLabel = "MINOR_UNITS",
            description = "Amount in minor units (cents), at least 1")
    long amount;

    @Option(names = "--currency", required = true, paramLabel = "CODE", description = "ISO 4217 code, such as EUR")
    String currency;

    @Option(names = "--reference", paramLabel = "TEXT", description = "Optional text stored with the transfer")
    String reference;

    @Mixin
    DecisionOptions decision;

    @Override
    public Integer call() {
        Checks.account("--from", from);
        Checks.account("--to", to);
        Checks.positive("--amount", amount);
        Checks.currency("--currency", currency);
        if (reference != null && !Money.isValidReference(reference)) {
            throw CliException.usage("--reference must be at most " + Money.MAX_REFERENCE_LENGTH + " characters");
        }
        Transfer transfer = TransferClient.newTransfer(decision.idOrNew(), from, to, amount,
                currency, reference);
        return decision.decide(transfer, spec.commandLine().getOut());
    }
}
