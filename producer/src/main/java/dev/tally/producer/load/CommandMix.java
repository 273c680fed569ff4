package dev.tally.producer.load;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.Command;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.LinkedTransfers;
import dev.tally.contracts.PostPending;
import dev.tally.contracts.Transfer;
import dev.tally.contracts.VoidPending;

/**
 * The load's commands, drawn from the settings' shares with their seeded random: ordinary transfers, transfers to
 * the hot account, resent duplicates, ones built to be rejected, holds (whose post or void follows a few transfers
 * later) and linked transfers. The same seed and settings draw the same commands in the same order.
 */
final class CommandMix {

    /** Where a drawn command goes. */
    interface Dispatch {

        /** @param key the record key of a post or void (its hold's debit account); {@code null} for the others */
        void send(Command command, AccountId key, String kind) throws InterruptedException;
    }

    /** A post or void to send once {@code afterPublished} transfers were published, keyed by its hold's debit. */
    private record Due(long afterPublished, Command command, AccountId key, String kind) {
    }

    private final LoadSettings settings;
    private final LoadSettings.Ledger ledger;
    private final Random random;
    private final List<AccountId> accounts;
    /** With clients, each client's own accounts, by name, so that a client moves money between its own; else empty. */
    private final Map<String, List<AccountId>> byOwner = new HashMap<>();
    private final AccountId hot;
    private final AccountId nobody;
    /** No bounded account can ever hold more than all the money put in, so this amount is always refused. */
    private final long impossible;
    private final List<Command> earlier = new ArrayList<>();
    private final List<Due> due = new ArrayList<>();

    CommandMix(LoadSettings settings, List<AccountId> accounts) {
        this.settings = settings;
        this.ledger = settings.ledger();
        this.random = new Random(settings.seed());
        this.accounts = accounts;
        for (AccountId account : accounts) {
            String owner = LoadRoutes.ownerOf(account);
            if (owner != null) {
                byOwner.computeIfAbsent(owner, name -> new ArrayList<>()).add(account);
            }
        }
        this.hot = accounts.get(0);
        this.nobody = new AccountId(settings.prefix() + "-nobody");
        long most;
        try {
            most = Math.addExact(Math.multiplyExact(settings.accounts(), settings.initialBalance()), 1);
        } catch (ArithmeticException e) {
            most = Long.MAX_VALUE;
        }
        this.impossible = most;
    }

    /** Draws the next command and sends it; {@code published} commands were drawn before it. */
    void sendNext(long published, Dispatch dispatch) throws InterruptedException {
        double draw = random.nextDouble();
        double duplicate = settings.duplicateShare();
        double reject = duplicate + settings.rejectShare();
        double hotShare = reject + settings.hotShare();
        double holds = hotShare + ledger.holdShare();
        double linked = holds + ledger.linkedShare();
        if (draw < duplicate && !earlier.isEmpty()) {
            Command again = earlier.get(random.nextInt(earlier.size()));
            dispatch.send(again, null, LoadReport.DUPLICATE);
        } else if (draw < reject && draw >= duplicate) {
            AccountId debit = pick(null);
            // With linked transfers in the mix, a third of the rejections are chains whose last leg must fail.
            long variant = published % (ledger.linkedShare() > 0 ? 3 : 2);
            Command command = variant == 0
                    ? new Transfer(CommandId.random(), debit, pick(debit), impossible,
                            settings.currency(), "must be rejected: insufficient funds")
                    : variant == 1
                    ? new Transfer(CommandId.random(), debit, nobody, 1, settings.currency(),
                            "must be rejected: unknown credit account")
                    : failingChain(debit);
            earlier.add(command);
            dispatch.send(command, null, LoadReport.REJECT);
        } else if (draw < holds && draw >= hotShare) {
            Transfer hold = hold(published);
            earlier.add(hold);
            dispatch.send(hold, null, LoadReport.HOLD);
        } else if (draw < linked && draw >= holds) {
            LinkedTransfers command = linked();
            earlier.add(command);
            dispatch.send(command, null, LoadReport.LINKED);
        } else if (draw < hotShare && draw >= reject) {
            Transfer transfer = new Transfer(CommandId.random(), pick(hot, accounts), hot, amount(), settings.currency(), null);
            earlier.add(transfer);
            dispatch.send(transfer, null, LoadReport.HOT);
        } else {
            AccountId debit = pick(null);
            Transfer transfer = new Transfer(CommandId.random(), debit, pick(debit), amount(), settings.currency(),
                    null);
            earlier.add(transfer);
            dispatch.send(transfer, null, LoadReport.TRANSFER);
        }
    }

    /** Sends the posts and voids due once {@code published} transfers were published ({@code Long.MAX_VALUE}: all). */
    void sendDue(long published, Dispatch dispatch) throws InterruptedException {
        if (due.isEmpty()) {
            return;
        }
        for (Iterator<Due> it = due.iterator(); it.hasNext(); ) {
            Due next = it.next();
            if (next.afterPublished() <= published) {
                it.remove();
                dispatch.send(next.command(), next.key(), next.kind());
            }
        }
    }

    /**
     * A hold whose fate is drawn now: posted (a third of those for less), voided, or left to expire. Its post or
     * void is scheduled a few transfers later; being keyed by the hold's debit account, it reaches the hold's
     * partition after the hold, so it is decided after it.
     */
    private Transfer hold(long published) {
        AccountId debit = pick(null);
        long amount = amount();
        double fate = random.nextDouble();
        boolean post = fate < ledger.postShare();
        boolean release = !post && fate < ledger.postShare() + ledger.voidShare();
        long timeoutSeconds = post || release ? 3_600 : ledger.expiry().getSeconds();
        Transfer hold = Transfer.pending(CommandId.random(), debit, pick(debit), amount,
                settings.currency(), null, timeoutSeconds);
        long at = published + 1 + random.nextInt(20);
        if (post) {
            Long less = amount > 1 && random.nextInt(3) == 0 ? 1 + random.nextLong(amount - 1) : null;
            due.add(new Due(at, new PostPending(CommandId.random(), hold.id(), less), debit, LoadReport.POST));
        } else if (release) {
            due.add(new Due(at, new VoidPending(CommandId.random(), hold.id()), debit, LoadReport.VOID));
        }
        return hold;
    }

    /**
     * A purchase with a fee (two legs from one account) or a chain through a second account, whose money then moves
     * twice in one command.
     */
    private LinkedTransfers linked() {
        AccountId from = pick(null);
        AccountId to = pick(from);
        long amount = amount();
        List<LinkedTransfers.Leg> legs = random.nextBoolean()
                ? List.of(new LinkedTransfers.Leg(from, to, amount, settings.currency(), "purchase"),
                        new LinkedTransfers.Leg(from, pick(from), 1 + amount / 50, settings.currency(), "fee"))
                : List.of(new LinkedTransfers.Leg(from, to, amount, settings.currency(), null),
                        new LinkedTransfers.Leg(to, pick(to), amount, settings.currency(), null));
        return new LinkedTransfers(CommandId.random(), legs);
    }

    /** A chain whose first leg fits and whose last cannot: none of it may be applied. */
    private LinkedTransfers failingChain(AccountId from) {
        AccountId to = pick(from);
        return new LinkedTransfers(CommandId.random(), List.of(
                new LinkedTransfers.Leg(from, to, 1, settings.currency(), "must be rejected: first leg"),
                new LinkedTransfers.Leg(to, pick(to), impossible, settings.currency(),
                        "must be rejected: insufficient funds on the last leg")));
    }

    /** Any account but {@code not}; with clients, one of {@code not}'s owner's. */
    private AccountId pick(AccountId not) {
        return pick(not, not == null || byOwner.isEmpty() ? accounts
                : byOwner.getOrDefault(LoadRoutes.ownerOf(not), accounts));
    }

    private AccountId pick(AccountId not, List<AccountId> from) {
        while (true) {
            AccountId account = from.get(random.nextInt(from.size()));
            if (!account.equals(not)) {
                return account;
            }
        }
    }

    private long amount() {
        return 1 + (long) (random.nextDouble() * settings.maxAmount());
    }
}
