package dev.tally.producer.cli;

import java.time.Duration;
import java.util.function.Function;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.CommandId;
import dev.tally.producer.client.TransferClient;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The hold that {@code tally post} and {@code tally void} resolve: its id, and the debit account that keys them. */
final class HoldReference {

    @Parameters(index = "0", paramLabel = "PENDING_ID", converter = CommandIdConverter.class,
            description = "The id of the hold (printed by `tally hold`)")
    CommandId pendingId;

    @Option(names = "--debit-account", paramLabel = "ACCOUNT",
            description = "The hold's debit account (default: read from the hold's result)")
    String debitAccount;

    /** The key of the command: {@code --debit-account} once checked, else the hold's debit account from its result. */
    Function<TransferClient, AccountId> key(Duration timeout) {
        if (debitAccount != null) {
            Checks.account("--debit-account", debitAccount);
        }
        return HoldKey.of(pendingId, debitAccount, timeout);
    }
}
