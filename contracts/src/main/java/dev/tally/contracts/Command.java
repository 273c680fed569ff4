package dev.tally.contracts;

/**
 * A command of contract v1. Instances are always valid: constructors check every field rule and throw
 * {@link IllegalArgumentException} naming the field. (Records that break a rule are read as
 * {@link ParsedRecord.Invalid}, never as a {@code Command}.)
 */
public sealed interface Command permits Transfer, OpenAccount {

    /** The idempotency key. */
    CommandId id();

    CommandType type();

    /** The record key that orders this command: a transfer's debit account, an opening's own account. */
    AccountId orderingKey();

    /**
     * The command's fields in one unambiguous text (the id excluded), so that two commands with the same id can be
     * compared: equal forms mean a retry, different forms mean the id was reused.
     */
    String canonicalFields();
}
