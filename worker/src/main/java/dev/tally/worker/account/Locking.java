package dev.tally.worker.account;

/**
 * How a batch keeps other transactions away from the accounts it decides on ({@code tally.worker.locking}). All three
 * decide exactly what one command per transaction, run in Kafka order, would decide.
 */
public enum Locking {

    /** Lock every row of the batch ({@code SELECT ... FOR UPDATE}, id order), decide in memory, write once. */
    PESSIMISTIC,

    /**
     * Read rows with their {@code version} and no lock, decide in memory, then lock them (id order) and write every
     * row read only if its version is unchanged ({@code UPDATE ... WHERE id = ? AND version = ?}); a lost race
     * retries the batch.
     */
    OPTIMISTIC,

    /**
     * Each transfer is two conditional atomic updates
     * ({@code SET balance = balance - ? WHERE id = ? AND balance - ? >= floor RETURNING balance}) whose row counts
     * decide; the row locks those updates take are taken for the whole batch first, in id order
     * ({@code FOR NO KEY UPDATE}).
     */
    CONDITIONAL
}
