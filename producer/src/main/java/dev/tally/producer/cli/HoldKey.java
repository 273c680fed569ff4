package dev.tally.producer.cli;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.Result;
import dev.tally.contracts.TransferResult;
import dev.tally.producer.client.TransferClient;

/**
 * The record key of a post or void: its hold's debit account, which puts it on the hold's partition, after the hold.
 * Given with {@code --debit-account}, or read from the hold's result on the results topic.
 */
final class HoldKey {

    private HoldKey() {
    }

    static Function<TransferClient, AccountId> of(CommandId pendingId, String debitAccount, Duration timeout) {
        if (debitAccount != null) {
            AccountId key = new AccountId(Checks.account("--debit-account", debitAccount));
            return client -> key;
        }
        return client -> {
            Result decision;
            try {
                decision = client.await(pendingId, timeout).get();
            } catch (ExecutionException e) {
                throw CliException.usage("no decision on PENDING_ID " + pendingId + " was found on the results topic ("
                        + e.getCause().getMessage() + "); give the hold's debit account with --debit-account");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CliException.usage("interrupted while looking for the decision on PENDING_ID " + pendingId);
            }
            if (decision instanceof TransferResult hold && hold.debitAccountId() != null) {
                return hold.debitAccountId();
            }
            throw CliException.usage("PENDING_ID " + pendingId + " was decided as a " + decision.type().wireName()
                    + " without a debit account, not as a hold; give --debit-account to send it anyway");
        };
    }
}
