package dev.tally.worker.account;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.OpenAccount;

/**
 * The accounts one batch works on: read once (under row locks), changed in memory as the batch's commands are
 * decided in Kafka order, and written back once. Deciding against this book gives exactly the outcomes that
 * deciding one command per transaction would, because no other transaction can change the locked rows meanwhile.
 */
public final class AccountBook {

    private final Map<AccountId, AccountRow> read;
    private final Map<AccountId, AccountRow> current;
    private final Map<AccountId, AccountRow> opened = new LinkedHashMap<>();

    AccountBook(List<AccountRow> rows) {
        this.read = new HashMap<>();
        for (AccountRow row : rows) {
            read.put(row.id(), row);
        }
        this.current = new HashMap<>(read);
    }

    /** The account as it stands now in this batch, or {@code null} when it does not exist. */
    public AccountRow get(AccountId id) {
        return current.get(id);
    }

    /** Records an applied transfer's new balances (decided by {@code TransferDecision}). */
    public void transfer(AccountId debit, long debitBalance, AccountId credit, long creditBalance) {
        current.put(debit, current.get(debit).withBalance(debitBalance));
        current.put(credit, current.get(credit).withBalance(creditBalance));
    }

    /** Opens a new account with a zero balance; the caller has checked that it does not exist. */
    public void open(OpenAccount command) {
        AccountRow row = new AccountRow(command.accountId(), command.currency(), 0, command.overdraftLimit(), 0);
        current.put(row.id(), row);
        opened.put(row.id(), row);
    }

    /** Accounts opened in this batch, as opened (zero balance). */
    List<AccountRow> opened() {
        return new ArrayList<>(opened.values());
    }

    /** Every account whose balance changed in this batch: its balance when read (0 if opened here) and now. */
    Map<AccountId, BalanceChange> balanceChanges() {
        Map<AccountId, BalanceChange> changes = new HashMap<>();
        current.forEach((id, now) -> {
            AccountRow before = read.containsKey(id) ? read.get(id) : opened.get(id);
            if (before.balance() != now.balance()) {
                changes.put(id, new BalanceChange(before.balance(), now.balance()));
            }
        });
        return Collections.unmodifiableMap(changes);
    }

    /** A balance before and after a batch. */
    record BalanceChange(long before, long after) {
    }
}
