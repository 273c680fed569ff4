package dev.tally.worker.ledger;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.OpenAccount;
import dev.tally.contracts.Transfer;
import dev.tally.worker.account.AccountRow;
import dev.tally.worker.transfer.Decision;

/**
 * The accounts one batch works on, kept away from other transactions in the way of one {@code Locking} strategy.
 * Commands are decided through it in Kafka order; each decision sees the effects of the batch's earlier ones.
 */
sealed interface AccountBook permits InMemoryBook, ConditionalBook {

    /** The account as it stands in this batch, or {@code null} when it does not exist. */
    AccountRow get(AccountId id);

    /** Decides the transfer and, when it is applied, records its effect. */
    Decision transfer(Transfer transfer);

    /**
     * Opens the account with a zero balance, owned by the owner the command names ({@code null}: the operator); the
     * caller has checked that it does not exist.
     */
    void open(OpenAccount command);

    /**
     * Contract v1.1: the current rows of these accounts, kept from other transactions until the batch ends (every
     * one of them was among the accounts the batch was opened on); missing accounts are absent.
     */
    Map<AccountId, AccountRow> rows(Collection<AccountId> ids);

    /**
     * Contract v1.1: records rows decided whole (balance, pending totals, closed), each one as {@link #rows}
     * returned it and then changed by a decision.
     */
    void change(Collection<AccountRow> rows);

    /** Writes what the batch changed; afterwards the transaction may commit. */
    void store(Instant now);
}
