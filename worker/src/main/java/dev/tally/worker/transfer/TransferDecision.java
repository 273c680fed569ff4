package dev.tally.worker.transfer;

import dev.tally.contracts.Reason;
import dev.tally.contracts.Transfer;
import dev.tally.worker.account.AccountRow;

/**
 * Decides a transfer: a plain function of the command and the two account rows as read under their locks, with no
 * database or Kafka in sight, so that it can be applied one command at a time or over a whole batch, and tested
 * without infrastructure. Checks run in a fixed order and the first failing one is the reason.
 *
 * <p>Contract v1.1: the floor applies to the available balance ({@code balance - pending_debits}), for a plain
 * transfer and a hold alike, so held money cannot be spent twice; a closed account can be neither debited nor
 * credited. A hold that fits moves no balance: the caller raises the two pending totals by its amount.
 */
public final class TransferDecision {

    private TransferDecision() {
    }

    /**
     * @param debit  the debit account's row, {@code null} when it does not exist
     * @param credit the credit account's row, {@code null} when it does not exist
     */
    public static Decision decide(Transfer transfer, AccountRow debit, AccountRow credit) {
        if (transfer.debitAccountId().equals(transfer.creditAccountId())) {
            return new Decision.Rejected(Reason.SAME_ACCOUNT,
                    "debit and credit account are both " + transfer.debitAccountId());
        }
        if (debit == null) {
            return new Decision.Rejected(Reason.DEBIT_ACCOUNT_NOT_FOUND,
                    "account " + transfer.debitAccountId() + " does not exist");
        }
        if (credit == null) {
            return new Decision.Rejected(Reason.CREDIT_ACCOUNT_NOT_FOUND,
                    "account " + transfer.creditAccountId() + " does not exist");
        }
        if (debit.closed()) {
            return new Decision.Rejected(Reason.DEBIT_ACCOUNT_CLOSED,
                    "account " + transfer.debitAccountId() + " is closed");
        }
        if (credit.closed()) {
            return new Decision.Rejected(Reason.CREDIT_ACCOUNT_CLOSED,
                    "account " + transfer.creditAccountId() + " is closed");
        }
        if (!debit.currency().equals(transfer.currency())) {
            return currencyMismatch(debit, transfer);
        }
        if (!credit.currency().equals(transfer.currency())) {
            return currencyMismatch(credit, transfer);
        }
        long amount = transfer.amount();
        if (!debit.unbounded()) {
            // For a bounded account balance - pending_debits >= -overdraft_limit always holds (the database checks
            // it), so the available balance itself is within 64 bits.
            long available = debit.balance() - debit.pendingDebits();
            long after;
            try {
                after = Math.subtractExact(available, amount);
            } catch (ArithmeticException e) {
                return insufficientFunds(debit, amount);
            }
            if (after < -debit.overdraftLimit()) {
                return insufficientFunds(debit, amount);
            }
        }
        if (transfer.pending()) {
            return hold(debit, credit, amount);
        }
        long debitBalance;
        try {
            debitBalance = Math.subtractExact(debit.balance(), amount);
        } catch (ArithmeticException e) {
            return debit.unbounded() ? debitUnderflow(debit, amount) : insufficientFunds(debit, amount);
        }
        long creditBalance;
        try {
            creditBalance = Math.addExact(credit.balance(), amount);
        } catch (ArithmeticException e) {
            return creditOverflow(credit, amount);
        }
        return new Decision.Applied(debitBalance, creditBalance);
    }

    /** A hold that fits: no balance moves; it fails only when a pending total would leave the 64-bit range. */
    private static Decision hold(AccountRow debit, AccountRow credit, long amount) {
        if (debit.pendingDebits() > Long.MAX_VALUE - amount) {
            return new Decision.Rejected(Reason.BALANCE_OVERFLOW, "holding " + amount + " on " + debit.id()
                    + " would take its pending debits above " + Long.MAX_VALUE);
        }
        if (credit.pendingCredits() > Long.MAX_VALUE - amount) {
            return new Decision.Rejected(Reason.BALANCE_OVERFLOW, "holding " + amount + " for " + credit.id()
                    + " would take its pending credits above " + Long.MAX_VALUE);
        }
        return new Decision.Applied(debit.balance(), credit.balance());
    }

    /** The rejection when an unbounded debit account would leave the 64-bit range. */
    public static Decision.Rejected debitUnderflow(AccountRow debit, long amount) {
        return new Decision.Rejected(Reason.BALANCE_OVERFLOW, "debiting " + amount + " from " + debit.id()
                + " would take its balance below " + Long.MIN_VALUE);
    }

    /** The rejection when the credit account would leave the 64-bit range. */
    public static Decision.Rejected creditOverflow(AccountRow credit, long amount) {
        return new Decision.Rejected(Reason.BALANCE_OVERFLOW, "crediting " + amount + " to " + credit.id()
                + " would take its balance above " + Long.MAX_VALUE);
    }

    /** The rejection when the debit account's floor refuses the amount. */
    public static Decision.Rejected insufficientFunds(AccountRow debit, long amount) {
        // Only reached when balance - pending + limit < amount <= Long.MAX_VALUE, so it fits in 64 bits.
        long available = debit.headroom().longValue();
        String detail;
        if (debit.pendingDebits() == 0) {
            detail = debit.overdraftLimit() == 0
                    ? debit.id() + " has " + debit.balance() + ", needs " + amount
                    : debit.id() + " has " + available + " available (balance " + debit.balance()
                            + ", overdraft limit " + debit.overdraftLimit() + "), needs " + amount;
        } else {
            detail = debit.id() + " has " + available + " available (balance " + debit.balance() + ", pending debits "
                    + debit.pendingDebits() + (debit.overdraftLimit() == 0 ? ""
                            : ", overdraft limit " + debit.overdraftLimit()) + "), needs " + amount;
        }
        return new Decision.Rejected(Reason.INSUFFICIENT_FUNDS, detail);
    }

    private static Decision.Rejected currencyMismatch(AccountRow account, Transfer transfer) {
        return new Decision.Rejected(Reason.CURRENCY_MISMATCH, "account " + account.id() + " holds "
                + account.currency() + ", the transfer is in " + transfer.currency());
    }
}
