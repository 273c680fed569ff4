package dev.tally.worker.ledger;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.CloseAccount;
import dev.tally.contracts.Command;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.LinkedTransfers;
import dev.tally.contracts.OpenAccount;
import dev.tally.contracts.ParsedRecord;
import dev.tally.contracts.PendingResolutionResult;
import dev.tally.contracts.PostPending;
import dev.tally.contracts.Transfer;
import dev.tally.contracts.TransferResult;
import dev.tally.contracts.VoidPending;
import dev.tally.worker.authority.Principal;

/**
 * What a batch's commands may touch: the accounts to lock and the holds their posts and voids name, gathered before
 * the batch's transaction locks anything, so that every row is locked once, in id order, with the batch's others.
 */
final class BatchFootprint {

    private BatchFootprint() {
    }

    /** What the batch's commands may touch, decided before or not: their accounts and the holds they name. */
    static Set<Object> turnKeys(List<Ledger.Pending> batch) {
        Set<Object> keys = new HashSet<>();
        addAccountsTouched(batch, Map.of(), keys);
        addPendingIds(batch, Map.of(), keys);
        return keys;
    }

    /**
     * The accounts that commands not decided before may read or change, and (contract v1.2) the accounts of a
     * client's replayed decisions, whose owners tell which of their figures the client may see again.
     *
     * @param senders each command's sender, in batch order ({@code null}: a topic of nobody's)
     */
    static Set<AccountId> accountsTouched(List<Ledger.Pending> batch, Map<CommandId, StoredDecision> decided,
                                          Principal[] senders) {
        Set<AccountId> touched = new LinkedHashSet<>();
        addAccountsTouched(batch, decided, touched);
        for (int i = 0; i < senders.length; i++) {
            StoredDecision stored = decided.get(batch.get(i).command().id());
            if (stored != null && senders[i] != null && !senders[i].isOperator()) {
                addAccountsOf(stored, batch.get(i).command(), touched);
            }
        }
        return touched;
    }

    /** The holds that posts and voids not decided before name. */
    static List<CommandId> pendingIds(List<Ledger.Pending> batch, Map<CommandId, StoredDecision> decided) {
        List<CommandId> ids = new ArrayList<>();
        addPendingIds(batch, decided, ids);
        return ids;
    }

    private static void addAccountsTouched(List<Ledger.Pending> batch, Map<CommandId, StoredDecision> decided,
                                           Collection<? super AccountId> touched) {
        for (Ledger.Pending pending : batch) {
            if (pending.command() instanceof ParsedRecord.Valid valid && !decided.containsKey(valid.id())) {
                addAccountsOf(valid.command(), touched);
                // A post or void touches its hold's accounts, which are known once the hold is locked.
            }
        }
    }

    private static void addAccountsOf(Command command, Collection<? super AccountId> touched) {
        if (command instanceof Transfer transfer) {
            touched.add(transfer.debitAccountId());
            touched.add(transfer.creditAccountId());
        } else if (command instanceof OpenAccount open) {
            touched.add(open.accountId());
        } else if (command instanceof LinkedTransfers linked) {
            linked.legs().forEach(leg -> {
                touched.add(leg.debitAccountId());
                touched.add(leg.creditAccountId());
            });
        } else if (command instanceof CloseAccount close) {
            touched.add(close.accountId());
        }
    }

    private static void addAccountsOf(StoredDecision stored, ParsedRecord.Identified command,
                                      Collection<? super AccountId> touched) {
        if (stored.result() instanceof TransferResult t && t.debitAccountId() != null) {
            touched.add(t.debitAccountId());
            touched.add(t.creditAccountId());
        } else if (stored.result() instanceof PendingResolutionResult p && p.debitAccountId() != null) {
            touched.add(p.debitAccountId());
            touched.add(p.creditAccountId());
        } else if (command instanceof ParsedRecord.Valid valid && valid.command() instanceof LinkedTransfers) {
            addAccountsOf(valid.command(), touched);
        }
    }

    private static void addPendingIds(List<Ledger.Pending> batch, Map<CommandId, StoredDecision> decided,
                                      Collection<? super CommandId> ids) {
        for (Ledger.Pending pending : batch) {
            if (pending.command() instanceof ParsedRecord.Valid valid && !decided.containsKey(valid.id())) {
                if (valid.command() instanceof PostPending post) {
                    ids.add(post.pendingId());
                } else if (valid.command() instanceof VoidPending release) {
                    ids.add(release.pendingId());
                }
            }
        }
    }
}
