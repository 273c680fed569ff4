package dev.tally.worker.ledger;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.OptimisticLockingFailureException;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.OpenAccount;
import dev.tally.contracts.Transfer;
import dev.tally.worker.account.AccountRow;
import dev.tally.worker.account.Accounts;
import dev.tally.worker.account.Locking;
import dev.tally.worker.transfer.Decision;
import dev.tally.worker.transfer.TransferDecision;

/**
 * A book read once, changed in memory as commands are decided, and written back once: under row locks
 * ({@link Locking#PESSIMISTIC}, so nobody can change the rows meanwhile) or with version checks
 * ({@link Locking#OPTIMISTIC}, so a batch that raced with another transaction fails and is retried whole). Either
 * way the rows are locked in ascending id order before anything is written (an optimistic batch locks them only
 * then), so two batches writing the same accounts wait for each other in one direction and never deadlock.
 */
final class InMemoryBook implements AccountBook {

    private final Accounts accounts;
    private final boolean versioned;
    private final Map<AccountId, AccountRow> before = new HashMap<>();
    private final Map<AccountId, AccountRow> current = new HashMap<>();
    private final Map<AccountId, AccountRow> opened = new LinkedHashMap<>();
    private boolean changedWhole;

    private InMemoryBook(Accounts accounts, boolean versioned, List<AccountRow> read) {
        this.accounts = accounts;
        this.versioned = versioned;
        read.forEach(row -> before.put(row.id(), row));
        current.putAll(before);
    }

    static InMemoryBook locked(Accounts accounts, Collection<AccountId> ids) {
        return new InMemoryBook(accounts, false, accounts.lockInIdOrder(ids));
    }

    static InMemoryBook versioned(Accounts accounts, Collection<AccountId> ids) {
        return new InMemoryBook(accounts, true, accounts.read(ids));
    }

    @Override
    public AccountRow get(AccountId id) {
        return current.get(id);
    }

    @Override
    public Decision transfer(Transfer transfer) {
        Decision decision = TransferDecision.decide(transfer, current.get(transfer.debitAccountId()),
                current.get(transfer.creditAccountId()));
        if (decision instanceof Decision.Applied applied) {
            current.computeIfPresent(transfer.debitAccountId(), (id, row) -> row.withBalance(applied.debitBalance()));
            current.computeIfPresent(transfer.creditAccountId(),
                    (id, row) -> row.withBalance(applied.creditBalance()));
        }
        return decision;
    }

    @Override
    public Map<AccountId, AccountRow> rows(Collection<AccountId> ids) {
        Map<AccountId, AccountRow> rows = new HashMap<>();
        for (AccountId id : ids) {
            AccountRow row = current.get(id);
            if (row != null) {
                rows.put(id, row);
            }
        }
        return rows;
    }

    @Override
    public void change(Collection<AccountRow> rows) {
        for (AccountRow row : rows) {
            if (!current.containsKey(row.id())) {
                throw new IllegalArgumentException("account " + row.id() + " is not in this batch's book");
            }
            current.put(row.id(), row);
            changedWhole = true;
        }
    }

    @Override
    public void open(OpenAccount command) {
        AccountRow row = new AccountRow(command.accountId(), command.currency(), 0, command.overdraftLimit(), 0, 0, 0,
                false, command.owner());
        current.put(row.id(), row);
        before.put(row.id(), row);
        opened.put(row.id(), row);
    }

    /**
     * Inserts the accounts opened here, then adds each account's net change in one conditional atomic statement;
     * the balances the database computes must be exactly those decided, or nothing commits.
     */
    @Override
    public void store(Instant now) {
        if (versioned) {
            // One UPDATE of many rows locks them in whatever order its plan visits them (the list's, a HashMap's
            // here, or the table's), so lock them first in id order, as a pessimistic batch does and like it before
            // any new account is inserted; the version check below then tells whether any changed since they were
            // read.
            List<AccountId> read = before.keySet().stream().filter(id -> !opened.containsKey(id)).toList();
            accounts.lockForWriteInIdOrder(read);
        }
        List<AccountRow> newAccounts = new ArrayList<>(opened.values());
        if (accounts.insertNew(newAccounts, now) != newAccounts.size()) {
            throw new ConcurrencyFailureException("an account opened in this batch was opened concurrently by "
                    + "another transaction; the batch is retried");
        }
        if (changedWhole) {
            storeWhole(now);
            return;
        }
        Map<AccountId, BigInteger> deltas = new HashMap<>();
        current.forEach((id, row) -> {
            long was = before.get(id).balance();
            if (was != row.balance()) {
                deltas.put(id, BigInteger.valueOf(row.balance()).subtract(BigInteger.valueOf(was)));
            }
        });
        Map<AccountId, Long> written;
        if (versioned) {
            // Every row read or opened is written, changed or not, so that a batch whose decisions rested on a row
            // that another transaction changed meanwhile cannot commit.
            List<AccountRow> seen = new ArrayList<>(before.values());
            written = accounts.addIfUnchanged(seen, deltas, now);
            if (written.size() != seen.size()) {
                throw new OptimisticLockingFailureException("an account read by this batch was changed by another "
                        + "transaction before the batch wrote it; the batch is retried");
            }
            written.keySet().retainAll(deltas.keySet());
        } else {
            written = accounts.addAboveFloor(deltas, now);
        }
        deltas.keySet().forEach(id -> {
            Long balance = written.get(id);
            if (balance == null || balance != current.get(id).balance()) {
                throw new IllegalStateException("account " + id + " should have balance " + current.get(id).balance()
                        + " but the database " + (balance == null ? "refused the update" : "computed " + balance)
                        + "; nothing of this batch is committed");
            }
        });
    }

    /**
     * Contract v1.1: a batch that changed pending totals or closed an account writes its rows whole, each where its
     * version is still the one read (a batch under locks always finds it so). Optimistic batches write every row
     * they read, changed or not, for the same reason as {@link #store}.
     */
    private void storeWhole(Instant now) {
        List<AccountRow> rows = new ArrayList<>();
        current.forEach((id, row) -> {
            AccountRow was = before.get(id);
            if (versioned || !row.equals(was)) {
                rows.add(row.withVersion(was.version()));
            }
        });
        Set<AccountId> written = accounts.writeIfUnchanged(rows, now);
        if (written.size() != rows.size()) {
            if (versioned) {
                throw new OptimisticLockingFailureException("an account read by this batch was changed by another "
                        + "transaction before the batch wrote it; the batch is retried");
            }
            throw new IllegalStateException("an account locked by this batch changed under its lock; nothing of "
                    + "this batch is committed");
        }
    }
}
