package dev.tally.worker.authority;

import java.util.List;
import java.util.function.Function;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.LinkedTransfers;
import dev.tally.contracts.OpenAccount;
import dev.tally.worker.account.AccountRow;
import dev.tally.worker.transfer.HoldRow;

/**
 * The rules of contract v1.2 on who may do what, each a plain function of the principal, the command and the rows as
 * locked in the command's own transaction, like {@code TransferDecision}. Each returns {@code null} when the command
 * is permitted, otherwise the {@code detail} of its {@code NOT_PERMITTED} rejection: a sentence naming the rule,
 * never a property of an account or hold the sender does not own. The operator may do everything.
 */
public final class Authority {

    private Authority() {
    }

    /**
     * An opening from a client: its account id starts with {@code <client>:}, it has no overdraft and a floor, and
     * it names no owner but the client itself. The operator may open any account for anyone.
     */
    public static String openAccount(Principal sender, OpenAccount open) {
        if (sender.isOperator()) {
            return null;
        }
        if (open.owner() != null && !open.owner().equals(sender.client())) {
            return "a client may open accounts only for itself: owner must be absent or \"" + sender.client() + "\"";
        }
        if (!open.accountId().value().startsWith(sender.client() + ":")) {
            return "a client's account ids start with its name and a colon: \"" + sender.client() + ":...\"";
        }
        if (open.unbounded()) {
            return "only the operator may open an unbounded account";
        }
        if (open.overdraftLimit() > 0) {
            return "only the operator may open an account with an overdraft limit";
        }
        return null;
    }

    /** The owner of a new account: the one the opening names, else its sender. */
    public static String ownerOfOpened(Principal sender, OpenAccount open) {
        return open.owner() != null ? open.owner() : sender.client();
    }

    /**
     * A debit (a transfer, a hold, a leg of linked transfers) of an account that exists: only by its owner. Any open
     * account may be credited.
     */
    public static String debit(Principal sender, AccountRow debit) {
        return sender.isOperator() || sender.isOwner(debit.owner()) ? null
                : "a client may debit only its own accounts";
    }

    /**
     * Linked transfers: every leg's debit checked before any leg is decided.
     *
     * @param rows the legs' accounts as they stand ({@code null}: absent; such a leg is left to its own decision)
     * @return the first leg not permitted, or {@code -1} when every leg is
     */
    public static int firstLegNotPermitted(Principal sender, LinkedTransfers linked,
                                           Function<AccountId, AccountRow> rows) {
        if (sender.isOperator()) {
            return -1;
        }
        List<LinkedTransfers.Leg> legs = linked.legs();
        for (int i = 0; i < legs.size(); i++) {
            AccountRow debit = rows.apply(legs.get(i).debitAccountId());
            if (debit != null && debit(sender, debit) != null) {
                return i;
            }
        }
        return -1;
    }

    /** A post of a hold that exists: only by the hold's sender. */
    public static String post(Principal sender, HoldRow hold) {
        return sender.isOperator() || sender.isOwner(hold.sender()) ? null
                : "only the sender of a pending transfer may post it";
    }

    /**
     * A void of a hold that exists: by its sender, or by the owner of the account it credits, so that a hold cannot
     * keep someone else's account from closing.
     */
    public static String voidHold(Principal sender, HoldRow hold, AccountRow credit) {
        return sender.isOperator() || sender.isOwner(hold.sender())
                || (credit != null && sender.isOwner(credit.owner())) ? null
                : "only the sender of a pending transfer, or the owner of the account it credits, may void it";
    }

    /** A closing of an account that exists: only by its owner. */
    public static String close(Principal sender, AccountRow account) {
        return sender.isOperator() || sender.isOwner(account.owner()) ? null
                : "a client may close only its own accounts";
    }

    /**
     * Whether an existing account may be described to the sender of an opening of it: to its owner and the
     * operator. Anyone else learns only that it exists ({@code ACCOUNT_EXISTS}, without detail).
     */
    public static boolean mayDescribe(Principal sender, AccountRow account) {
        return sender.isOperator() || sender.isOwner(account.owner());
    }

    /**
     * Whether a result sent to {@code sender} may carry the figures (balances, pending totals) of an account owned by
     * {@code owner}: the operator sees every figure, a client only those of its own accounts.
     */
    public static boolean maySeeFigures(Principal sender, String owner) {
        return sender.isOperator() || sender.isOwner(owner);
    }
}
