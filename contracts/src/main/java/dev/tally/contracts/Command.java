package dev.tally.contracts;

/**
 * A command of contract v1 (and v1.1). Instances are always valid: constructors check every field rule and throw
 * {@link IllegalArgumentException} naming the field. (Records that break a rule are read as
 * {@link ParsedRecord.Invalid}, never as a {@code Command}.)
 */
public sealed interface Command permits Transfer, OpenAccount, PostPending, VoidPending, LinkedTransfers, CloseAccount {

    /** The idempotency key. */
    CommandId id();

    CommandType type();

    /**
     * The record key that orders this command: a transfer's (or the first linked leg's) debit account, an opening's
     * or closing's own account. {@code null} for {@link PostPending} and {@link VoidPending}, which name no account:
     * they are keyed by the pending transfer's debit account ({@link TransferResult#debitAccountId()} of its result).
     */
    AccountId orderingKey();

    /**
     * The command's fields in one unambiguous text (the id excluded), so that two commands with the same id can be
     * compared: equal forms mean a retry, different forms mean the id was reused.
     */
    String canonicalFields();
}
