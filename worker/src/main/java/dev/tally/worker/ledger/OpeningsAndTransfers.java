package dev.tally.worker.ledger;

import java.time.Instant;

import dev.tally.contracts.OpenAccount;
import dev.tally.contracts.OpenAccountResult;
import dev.tally.contracts.Reason;
import dev.tally.contracts.Result;
import dev.tally.contracts.Transfer;
import dev.tally.contracts.TransferResult;
import dev.tally.worker.account.AccountOpening;
import dev.tally.worker.account.AccountRow;
import dev.tally.worker.authority.Authority;
import dev.tally.worker.authority.Principal;
import dev.tally.worker.transfer.Decision;

/**
 * The commands of contract v1 within one batch, openings and plain transfers: for each, the sender's authority
 * (contract v1.2) is checked against the locked rows, then the command's plain decision is called and its effect
 * recorded in the {@link AccountBook}, so that every later command of the batch sees it. The commands of v1.1 go
 * through {@link HoldsAndLinksBatch} in the same way.
 */
final class OpeningsAndTransfers {

    private OpeningsAndTransfers() {
    }

    static Result open(OpenAccount open, Principal sender, AccountBook book, Instant now) {
        String refusal = Authority.openAccount(sender, open);
        if (refusal != null) {
            return OpenAccountResult.rejected(open, Reason.NOT_PERMITTED, refusal, now);
        }
        AccountRow existing = book.get(open.accountId());
        OpenAccount owned = open.ownedBy(Authority.ownerOfOpened(sender, open));
        if (existing == null) {
            book.open(owned);
        } else if (!Authority.mayDescribe(sender, existing)) {
            // The sender learns that the id is taken (ids are not secret), and nothing else about the account.
            return OpenAccountResult.rejected(owned, Reason.ACCOUNT_EXISTS, null, now);
        }
        return AccountOpening.decide(owned, existing, now);
    }

    static Result transfer(Transfer transfer, Principal sender, AccountBook book, Instant now) {
        // Checks run in the contract's order: the debit account is found (else the decision says it is not), then
        // the sender's authority over it, then everything else.
        AccountRow debit = book.get(transfer.debitAccountId());
        String refusal = debit == null ? null : Authority.debit(sender, debit);
        if (refusal != null) {
            return TransferResult.rejected(transfer, Reason.NOT_PERMITTED, refusal, now);
        }
        Decision decision = book.transfer(transfer);
        if (decision instanceof Decision.Applied applied) {
            return TransferResult.applied(transfer, applied.debitBalance(), applied.creditBalance(), now);
        }
        Decision.Rejected rejected = (Decision.Rejected) decision;
        return TransferResult.rejected(transfer, rejected.reason(), rejected.detail(), now);
    }
}
