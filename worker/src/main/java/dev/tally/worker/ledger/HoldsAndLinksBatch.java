package dev.tally.worker.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.CloseAccount;
import dev.tally.contracts.CloseAccountResult;
import dev.tally.contracts.Command;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.LinkedTransfers;
import dev.tally.contracts.LinkedTransfersResult;
import dev.tally.contracts.PendingResolutionResult;
import dev.tally.contracts.PostPending;
import dev.tally.contracts.Reason;
import dev.tally.contracts.Result;
import dev.tally.contracts.Transfer;
import dev.tally.contracts.TransferResult;
import dev.tally.contracts.VoidPending;
import dev.tally.worker.account.AccountClosing;
import dev.tally.worker.account.AccountRow;
import dev.tally.worker.authority.Authority;
import dev.tally.worker.authority.Principal;
import dev.tally.worker.transfer.Decision;
import dev.tally.worker.transfer.HoldRow;
import dev.tally.worker.transfer.LinkedDecision;
import dev.tally.worker.transfer.PendingDecision;
import dev.tally.worker.transfer.Resolution;
import dev.tally.worker.transfer.TransferDecision;

/**
 * The commands of contract v1.1 within one batch: holds, posts, voids, linked transfers and closings. It keeps the
 * batch's holds (those locked at its start and those it takes), releases the expired ones before any command is
 * decided, and for each command gathers the rows, calls the command's plain decision and records the effect in the
 * {@link AccountBook}, so that every later command of the batch sees it.
 */
final class HoldsAndLinksBatch {

    private final Map<CommandId, HoldRow> holds;
    private final List<Holds.Change> changes = new ArrayList<>();

    private HoldsAndLinksBatch(Map<CommandId, HoldRow> holds) {
        this.holds = new TreeMap<>((a, b) -> a.value().compareTo(b.value()));
        this.holds.putAll(holds);
    }

    /**
     * Locks the holds the batch may change (see {@link Holds#lock}); the caller then also locks their accounts,
     * {@link #accounts()}.
     */
    static HoldsAndLinksBatch lock(Holds table, Collection<CommandId> pendingIds, Collection<AccountId> touched,
                                   Instant now) {
        return new HoldsAndLinksBatch(table.lock(pendingIds, touched, now));
    }

    /** The accounts of the locked holds. */
    Set<AccountId> accounts() {
        Set<AccountId> accounts = new HashSet<>();
        holds.values().forEach(hold -> {
            accounts.add(hold.debitAccountId());
            accounts.add(hold.creditAccountId());
        });
        return accounts;
    }

    /**
     * Releases every locked hold whose expiry has come: its amount leaves both accounts' pending totals. From here
     * on the pending totals of every account the batch touches are exactly its live holds.
     */
    void releaseExpired(AccountBook book, Instant now) {
        for (HoldRow hold : List.copyOf(holds.values())) {
            if (hold.expiredAt(now)) {
                Map<AccountId, AccountRow> rows = book.rows(List.of(hold.debitAccountId(), hold.creditAccountId()));
                AccountRow debit = rows.get(hold.debitAccountId());
                AccountRow credit = rows.get(hold.creditAccountId());
                book.change(List.of(
                        debit.withPending(debit.pendingDebits() - hold.amount(), debit.pendingCredits()),
                        credit.withPending(credit.pendingDebits(), credit.pendingCredits() - hold.amount())));
                resolved(hold, HoldRow.State.EXPIRED, null, null);
            }
        }
    }

    /**
     * Decides a valid command of contract v1.1 (a pending transfer, a post, void, linked transfers or closing), the
     * sender's authority (contract v1.2) checked once the rows it needs are found.
     */
    Result decide(Command command, Principal sender, AccountBook book, Instant now) {
        if (command instanceof Transfer hold) {
            return hold(hold, sender, book, now);
        }
        if (command instanceof PostPending post) {
            return resolve(command, post.pendingId(), post, sender, book, now);
        }
        if (command instanceof VoidPending release) {
            return resolve(command, release.pendingId(), null, sender, book, now);
        }
        if (command instanceof LinkedTransfers linked) {
            return linked(linked, sender, book, now);
        }
        return close((CloseAccount) command, sender, book, now);
    }

    /** Writes the holds' new states; called after the journal recorded this batch's new holds. */
    void store(Holds table, Instant now) {
        table.resolve(changes, now);
    }

    private Result hold(Transfer transfer, Principal sender, AccountBook book, Instant now) {
        Map<AccountId, AccountRow> rows = book.rows(List.of(transfer.debitAccountId(), transfer.creditAccountId()));
        AccountRow debit = rows.get(transfer.debitAccountId());
        AccountRow credit = rows.get(transfer.creditAccountId());
        String refusal = debit == null ? null : Authority.debit(sender, debit);
        if (refusal != null) {
            return TransferResult.rejected(transfer, Reason.NOT_PERMITTED, refusal, now);
        }
        Decision decision = TransferDecision.decide(transfer, debit, credit);
        if (decision instanceof Decision.Rejected rejected) {
            return TransferResult.rejected(transfer, rejected.reason(), rejected.detail(), now);
        }
        long amount = transfer.amount();
        book.change(List.of(debit.withPending(debit.pendingDebits() + amount, debit.pendingCredits()),
                credit.withPending(credit.pendingDebits(), credit.pendingCredits() + amount)));
        TransferResult result = TransferResult.applied(transfer, debit.balance(), credit.balance(), now);
        holds.put(transfer.id(), new HoldRow(transfer.id(), transfer.debitAccountId(), transfer.creditAccountId(),
                amount, transfer.currency(), result.expiresAt(), HoldRow.State.PENDING, sender.client()));
        return result;
    }

    private Result resolve(Command command, CommandId pendingId, PostPending post, Principal sender,
                           AccountBook book, Instant now) {
        HoldRow hold = holds.get(pendingId);
        AccountRow debit = null;
        AccountRow credit = null;
        if (hold != null) {
            Map<AccountId, AccountRow> rows = book.rows(List.of(hold.debitAccountId(), hold.creditAccountId()));
            debit = rows.get(hold.debitAccountId());
            credit = rows.get(hold.creditAccountId());
            String refusal = post != null ? Authority.post(sender, hold) : Authority.voidHold(sender, hold, credit);
            if (refusal != null) {
                // No field of the hold is echoed: its accounts, amount and currency are not the sender's to learn.
                return PendingResolutionResult.rejected(command, pendingId, null, null, null, Reason.NOT_PERMITTED,
                        refusal, now);
            }
        }
        Resolution resolution = PendingDecision.decide(pendingId, post, hold, debit, credit, now);
        if (resolution instanceof Resolution.Rejected rejected) {
            return PendingResolutionResult.rejected(command, pendingId,
                    hold == null ? null : hold.debitAccountId(), hold == null ? null : hold.creditAccountId(),
                    hold == null ? null : hold.currency(), rejected.reason(), rejected.detail(), now);
        }
        Resolution.Applied applied = (Resolution.Applied) resolution;
        book.change(List.of(
                debit.withBalanceAndPending(applied.debitBalance(), debit.pendingDebits() - applied.released(),
                        debit.pendingCredits()),
                credit.withBalanceAndPending(applied.creditBalance(), credit.pendingDebits(),
                        credit.pendingCredits() - applied.released())));
        if (post != null) {
            resolved(hold, HoldRow.State.POSTED, applied.moved(), command.id());
        } else {
            resolved(hold, HoldRow.State.VOIDED, null, command.id());
        }
        return PendingResolutionResult.applied(command, pendingId, hold.debitAccountId(), hold.creditAccountId(),
                post != null ? applied.moved() : applied.released(), hold.currency(), applied.debitBalance(),
                applied.creditBalance(), now);
    }

    private Result linked(LinkedTransfers command, Principal sender, AccountBook book, Instant now) {
        Set<AccountId> ids = new HashSet<>();
        command.legs().forEach(leg -> {
            ids.add(leg.debitAccountId());
            ids.add(leg.creditAccountId());
        });
        Map<AccountId, AccountRow> rows = book.rows(ids);
        // Every leg's authority is checked before any leg is decided, so nothing is decided for a chain that is
        // refused, and the first leg not permitted is the one named.
        int refused = Authority.firstLegNotPermitted(sender, command, rows::get);
        if (refused >= 0) {
            return LinkedTransfersResult.rejected(command, refused, Reason.NOT_PERMITTED, "leg " + refused + ": "
                    + Authority.debit(sender, rows.get(command.legs().get(refused).debitAccountId())), now);
        }
        LinkedDecision.Outcome outcome = LinkedDecision.decide(command, rows);
        if (outcome instanceof LinkedDecision.Rejected rejected) {
            return LinkedTransfersResult.rejected(command, rejected.failedLeg(), rejected.reason(),
                    rejected.detail(), now);
        }
        LinkedDecision.Applied applied = (LinkedDecision.Applied) outcome;
        book.change(applied.after().values());
        return LinkedTransfersResult.applied(command, applied.legs(), now);
    }

    private Result close(CloseAccount command, Principal sender, AccountBook book, Instant now) {
        AccountRow row = book.rows(List.of(command.accountId())).get(command.accountId());
        String refusal = row == null ? null : Authority.close(sender, row);
        if (refusal != null) {
            return CloseAccountResult.rejected(command, Reason.NOT_PERMITTED, refusal, now);
        }
        CloseAccountResult result = AccountClosing.decide(command, row, now);
        if (result.applied() && !row.closed()) {
            book.change(List.of(row.closedNow()));
        }
        return result;
    }

    private void resolved(HoldRow hold, HoldRow.State state, Long postedAmount, CommandId by) {
        holds.put(hold.id(), hold.withState(state));
        changes.add(new Holds.Change(hold.id(), state, postedAmount, by));
    }
}
