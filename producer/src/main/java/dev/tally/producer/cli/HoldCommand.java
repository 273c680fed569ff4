package dev.tally.producer.cli;

import java.time.Duration;
import java.util.concurrent.Callable;

import dev.tally.contracts.Transfer;
import dev.tally.producer.client.LedgerCommands;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "hold", mixinStandardHelpOptions = true,
        description = {"Take a hold (a pending transfer): set an amount of the debit account's available balance "
                + "aside for the credit account, and print the decision. No balance moves until `tally post`; "
                + "`tally void` releases it, and so does its expiry.",
                "Exit code 0 when applied, 1 when rejected, 2 on a usage or connection error. The printed id is the "
                        + "PENDING_ID of `tally post` and `tally void`."})
final class HoldCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TransferOptions transfer;

    @Option(names = "--expires-in", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long the hold lasts from its decision (such as 30s, 15m, 24h): whole seconds, at most "
                    + "365 days; default: until posted or voided")
    Duration expiresIn;

    @Mixin
    DecisionOptions decision;

    @Override
    public Integer call() {
        transfer.checkAccountsAmountAndCurrency();
        if (expiresIn != null && (expiresIn.getNano() != 0 || expiresIn.getSeconds() < Transfer.MIN_TIMEOUT_SECONDS
                || expiresIn.getSeconds() > Transfer.MAX_TIMEOUT_SECONDS)) {
            throw CliException.usage("--expires-in must be whole seconds from " + Transfer.MIN_TIMEOUT_SECONDS
                    + " s to 365 days, was " + expiresIn);
        }
        transfer.checkReference();
        Transfer hold = LedgerCommands.hold(decision.idOrNew(), transfer.from, transfer.to, transfer.amount,
                transfer.currency, expiresIn, transfer.reference);
        return decision.decide(hold, spec.commandLine().getOut());
    }
}
