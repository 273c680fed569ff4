package dev.tally.worker.ledger;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.dao.ConcurrencyFailureException;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.OpenAccount;
import dev.tally.contracts.Transfer;
import dev.tally.worker.account.AccountRow;
import dev.tally.worker.account.Accounts;
import dev.tally.worker.account.Locking;
import dev.tally.worker.transfer.Decision;
import dev.tally.worker.transfer.TransferDecision;

/**
 * {@link Locking#CONDITIONAL}: the rows are read only for what never changes (existence, currency, floor); whether
 * money can move is decided by the database itself, one transfer at a time, with two conditional atomic updates
 * whose row counts decide. The row locks those updates need are taken first, for the whole batch, in ascending id
 * order ({@code FOR NO KEY UPDATE}, the lock an {@code UPDATE} takes): were each update to take its own lock, a
 * batch would lock in Kafka order, and two batches crediting the same accounts in opposite orders could deadlock.
 */
final class ConditionalBook implements AccountBook {

    private final Accounts accounts;
    private final Instant now;
    private final Map<AccountId, AccountRow> known = new HashMap<>();

    private ConditionalBook(Accounts accounts, Instant now, List<AccountRow> rows) {
        this.accounts = accounts;
        this.now = now;
        rows.forEach(row -> known.put(row.id(), row));
    }

    static ConditionalBook read(Accounts accounts, Collection<AccountId> ids, Instant now) {
        return new ConditionalBook(accounts, now, accounts.lockForWriteInIdOrder(ids));
    }

    @Override
    public AccountRow get(AccountId id) {
        return known.get(id);
    }

    @Override
    public Decision transfer(Transfer transfer) {
        AccountRow debit = known.get(transfer.debitAccountId());
        AccountRow credit = known.get(transfer.creditAccountId());
        Decision precheck = TransferDecision.decide(transfer, debit, credit);
        if (precheck instanceof Decision.Rejected rejected && !dependsOnBalances(rejected)) {
            return rejected;
        }
        BigInteger amount = BigInteger.valueOf(transfer.amount());
        long debitBalance;
        long creditBalance;
        if (debit.id().compareTo(credit.id()) < 0) {
            Optional<Long> debited = accounts.addAboveFloor(debit.id(), amount.negate(), now);
            if (debited.isEmpty()) {
                return refusedDebit(debit, transfer.amount());
            }
            Optional<Long> credited = accounts.addAboveFloor(credit.id(), amount, now);
            if (credited.isEmpty()) {
                accounts.addAboveFloor(debit.id(), amount, now);
                return TransferDecision.creditOverflow(credit, transfer.amount());
            }
            debitBalance = debited.get();
            creditBalance = credited.get();
        } else {
            Optional<Long> credited = accounts.addAboveFloor(credit.id(), amount, now);
            Optional<Long> debited = accounts.addAboveFloor(debit.id(), amount.negate(), now);
            // The debit's verdict comes first, as in TransferDecision: an unaffordable transfer is
            // INSUFFICIENT_FUNDS even when the credit would also have overflowed.
            if (debited.isEmpty()) {
                credited.ifPresent(balance -> accounts.addAboveFloor(credit.id(), amount.negate(), now));
                return refusedDebit(debit, transfer.amount());
            }
            if (credited.isEmpty()) {
                accounts.addAboveFloor(debit.id(), amount, now);
                return TransferDecision.creditOverflow(credit, transfer.amount());
            }
            debitBalance = debited.get();
            creditBalance = credited.get();
        }
        known.put(debit.id(), debit.withBalance(debitBalance));
        known.put(credit.id(), credit.withBalance(creditBalance));
        return new Decision.Applied(debitBalance, creditBalance);
    }

    /**
     * Contract v1.1 commands decide on whole rows, which a conditional update cannot express: their accounts are
     * locked explicitly ({@code SELECT ... FOR UPDATE}, id order) and read again, so the rows are exact until the
     * batch ends.
     */
    @Override
    public Map<AccountId, AccountRow> rows(Collection<AccountId> ids) {
        Map<AccountId, AccountRow> rows = new HashMap<>();
        for (AccountRow row : accounts.lockInIdOrder(ids)) {
            known.put(row.id(), row);
            rows.put(row.id(), row);
        }
        return rows;
    }

    /** Writes the rows at once; they are locked by {@link #rows}, so their versions are still the ones read. */
    @Override
    public void change(Collection<AccountRow> rows) {
        if (accounts.writeIfUnchanged(rows, now).size() != rows.size()) {
            throw new IllegalStateException("an account locked by this batch changed under its lock; nothing of "
                    + "this batch is committed");
        }
        rows.forEach(row -> known.put(row.id(), row.withVersion(row.version() + 1)));
    }

    @Override
    public void open(OpenAccount command) {
        AccountRow row = new AccountRow(command.accountId(), command.currency(), 0, command.overdraftLimit(), 0, 0, 0,
                false, command.owner());
        if (accounts.insertNew(List.of(row), now) != 1) {
            throw new ConcurrencyFailureException("account " + command.accountId() + " was opened concurrently by "
                    + "another transaction; the batch is retried");
        }
        known.put(row.id(), row);
    }

    @Override
    public void store(Instant now) {
        // Every change was written as it was decided.
    }

    private static boolean dependsOnBalances(Decision.Rejected rejected) {
        return switch (rejected.reason()) {
            case INSUFFICIENT_FUNDS, BALANCE_OVERFLOW -> true;
            default -> false;
        };
    }

    /**
     * The database refused the debit: say why with the balance as read now. (A refused {@code UPDATE} locks nothing,
     * so under concurrency the figure may already differ from the one the guard saw; the decision does not.)
     */
    private Decision refusedDebit(AccountRow debit, long amount) {
        AccountRow current = accounts.read(List.of(debit.id())).get(0);
        return current.unbounded()
                ? TransferDecision.debitUnderflow(current, amount)
                : TransferDecision.insufficientFunds(current, amount);
    }
}
