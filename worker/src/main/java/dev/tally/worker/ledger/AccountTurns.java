package dev.tally.worker.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Lets the batches of one worker instance that share an account (or a hold) take their turns in the database one
 * after another, in the order they arrived, instead of queueing on PostgreSQL's row locks; batches with nothing in
 * common go in at once, side by side.
 *
 * <p>The locks in the database stay what keeps every balance right, across instances as within one: this only
 * spares PostgreSQL the queue. Two full batches of uniform transfers over 1,000 accounts share most of their accounts,
 * and a backlog drained by two consumer threads then had each batch's row locks wait for the other's, over and over:
 * PostgreSQL spent about twice the CPU per transfer and the drain ran at half the speed of one thread
 * (docs/benchmarks.md). Waiting here, before a connection is taken, costs nothing.
 *
 * <p>A batch waits only for the overlapping batches that arrived before it, running or waiting, so waits never form
 * a cycle and no batch waits for ever; the longest wait is the earlier batches' database transactions, which the
 * database's timeouts bound.
 */
final class AccountTurns {

    /** Turns for ledgers that stand for separate worker instances: no batch ever waits here. */
    static final AccountTurns NONE = new AccountTurns(false);

    private final boolean enabled;
    /** Batches holding or awaiting their turn, in arrival order. */
    private final List<Turn> queue = new ArrayList<>();

    AccountTurns() {
        this(true);
    }

    private AccountTurns(boolean enabled) {
        this.enabled = enabled;
    }

    /** One batch's turn: close it when its database transaction has ended, however it ended. */
    final class Turn implements AutoCloseable {

        private final Set<Object> keys;
        private boolean over;

        private Turn(Set<Object> keys) {
            this.keys = keys;
        }

        private boolean overlaps(Set<Object> other) {
            Set<Object> small = keys.size() <= other.size() ? keys : other;
            Set<Object> large = small == keys ? other : keys;
            for (Object key : small) {
                if (large.contains(key)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void close() {
            if (!enabled) {
                return;
            }
            synchronized (AccountTurns.this) {
                over = true;
                queue.remove(this);
                AccountTurns.this.notifyAll();
            }
        }
    }

    /**
     * Waits until no batch that arrived earlier and shares a key with this one is still holding or awaiting its
     * turn. An interrupted wait ends at once (the interrupt is kept): the database's locks still keep order.
     *
     * @param keys the accounts (and holds) the batch may touch
     */
    Turn await(Set<Object> keys) {
        Turn mine = new Turn(keys);
        if (!enabled || keys.isEmpty()) {
            return mine;
        }
        synchronized (this) {
            List<Turn> before = null;
            for (Turn earlier : queue) {
                if (earlier.overlaps(keys)) {
                    if (before == null) {
                        before = new ArrayList<>(2);
                    }
                    before.add(earlier);
                }
            }
            queue.add(mine);
            if (before != null) {
                try {
                    for (Turn earlier : before) {
                        while (!earlier.over) {
                            wait();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        return mine;
    }

    /** Batches holding or awaiting their turn now (for tests). */
    synchronized int queued() {
        return queue.size();
    }
}
