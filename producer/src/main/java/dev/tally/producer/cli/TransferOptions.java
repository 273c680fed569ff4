package dev.tally.producer.cli;

import dev.tally.contracts.Money;
import picocli.CommandLine.Option;

/**
 * The fields of one transfer, shared by {@code tally transfer} and {@code tally hold} (a hold is a pending
 * transfer): the two accounts, the amount, the currency and the reference. The help names the command they are part
 * of.
 */
final class TransferOptions {

    @Option(names = "--from", required = true, paramLabel = "ACCOUNT", description = "The debit account")
    String from;

    @Option(names = "--to", required = true, paramLabel = "ACCOUNT", description = "The credit account")
    String to;

    @Option(names = "--amount", required = true, paramLabel = "MINOR_UNITS",
            description = "Amount to ${COMMAND-NAME} in minor units (cents), at least 1")
    long amount;

    @Option(names = "--currency", required = true, paramLabel = "CODE", description = "ISO 4217 code, such as EUR")
    String currency;

    @Option(names = "--reference", paramLabel = "TEXT", description = "Optional text stored with the ${COMMAND-NAME}")
    String reference;

    /** Checks {@code --from}, {@code --to}, {@code --amount} and {@code --currency}, in that order. */
    void checkAccountsAmountAndCurrency() {
        Checks.account("--from", from);
        Checks.account("--to", to);
        Checks.positive("--amount", amount);
        Checks.currency("--currency", currency);
    }

    /** Checks {@code --reference}; a command checks it after its own options. */
    void checkReference() {
        if (reference != null && !Money.isValidReference(reference)) {
            throw CliException.usage("--reference must be at most " + Money.MAX_REFERENCE_LENGTH + " characters");
        }
    }
}
