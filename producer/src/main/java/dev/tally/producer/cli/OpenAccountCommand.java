package dev.tally.producer.cli;

import java.util.concurrent.Callable;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.OpenAccount;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "open-account", mixinStandardHelpOptions = true,
        description = {"Open an account and print the decision.",
                "A bounded account may not go below -overdraft-limit; an --unbounded (funding) account has no floor "
                        + "and is how money enters the system. Exit code 0 when applied, 1 when rejected, 2 on a "
                        + "usage or connection error."})
final class OpenAccountCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ACCOUNT", description = "The new account's id")
    String account;

    @Option(names = "--currency", required = true, paramLabel = "CODE", description = "ISO 4217 code, such as EUR")
    String currency;

    @Option(names = "--overdraft-limit", paramLabel = "MINOR_UNITS", defaultValue = "0",
            description = "How far below zero the balance may go (default: ${DEFAULT-VALUE})")
    long overdraftLimit;

    @Option(names = "--unbounded", description = "A funding account, without a floor")
    boolean unbounded;

    @Mixin
    DecisionOptions decision;

    @Override
    public Integer call() {
        Checks.account("ACCOUNT", account);
        Checks.currency("--currency", currency);
        if (overdraftLimit < 0) {
            throw CliException.usage("--overdraft-limit must be >= 0, was " + overdraftLimit
                    + " (use --unbounded for an account without a floor)");
        }
        if (unbounded && overdraftLimit != 0) {
            throw CliException.usage("--overdraft-limit and --unbounded exclude each other");
        }
        CommandId commandId = decision.idOrNew();
        OpenAccount open = unbounded
                ? OpenAccount.unbounded(commandId, new AccountId(account), currency)
                : OpenAccount.bounded(commandId, new AccountId(account), currency, overdraftLimit);
        return decision.decide(open, spec.commandLine().getOut());
    }
}
