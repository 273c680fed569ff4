package dev.tally.producer.client;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import dev.tally.contracts.Command;
import dev.tally.contracts.CloseAccount;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.LinkedTransfers;
import dev.tally.contracts.PostPending;
import dev.tally.contracts.Transfer;
import dev.tally.contracts.TransferResult;
import dev.tally.contracts.VoidPending;
import dev.tally.contracts.WireCodec;

/**
 * Contract v1.1's commands — holds (pending transfers), their posts and voids, linked transfers and account
 * closings — built with their arguments checked first. Every factory throws {@link IllegalArgumentException} whose
 * message names the argument that breaks the contract, and {@link NullPointerException} for a {@code null} id;
 * nothing is sent. Send the commands with {@link TransferClient}'s methods of the same names.
 */
public final class LedgerCommands {

    private LedgerCommands() {
    }

    /**
     * A hold with a fresh id: {@code amount} of the debit account's available balance is set aside for the credit
     * account until the hold is posted, voided or expires.
     *
     * @param timeout   how long the hold lasts from its decision, whole seconds from 1 s to 365 days; {@code null}
     *                  for a hold that never expires
     * @param reference optional ({@code null}), at most 256 characters
     */
    public static Transfer hold(String debitAccountId, String creditAccountId, long amount, String currency,
                                Duration timeout, String reference) {
        return hold(CommandId.random(), debitAccountId, creditAccountId, amount, currency, timeout, reference);
    }

    /** As {@link #hold(String, String, long, String, Duration, String)}, with the caller's id (reuse it to retry). */
    public static Transfer hold(CommandId id, String debitAccountId, String creditAccountId, long amount,
                                String currency, Duration timeout, String reference) {
        Objects.requireNonNull(id, "id");
        Long timeoutSeconds = timeout == null ? null : timeoutSeconds(timeout);
        Transfer plain = TransferClient.newTransfer(id, debitAccountId, creditAccountId, amount, currency, reference);
        return Transfer.pending(id, plain.debitAccountId(), plain.creditAccountId(), amount, currency, reference,
                timeoutSeconds);
    }

    /** A post of the whole held amount, with a fresh id. */
    public static PostPending post(CommandId pendingId) {
        return new PostPending(CommandId.random(), Objects.requireNonNull(pendingId, "pendingId"), null);
    }

    /**
     * A post with the caller's id.
     *
     * @param amount the amount to move, at least 1 and at most the held amount (the rest is released);
     *               {@code null} to move the whole held amount
     */
    public static PostPending post(CommandId id, CommandId pendingId, Long amount) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(pendingId, "pendingId");
        if (amount != null && amount < 1) {
            throw new IllegalArgumentException("amount must be at least 1 minor unit, was " + amount
                    + " (omit it to post the whole held amount)");
        }
        return new PostPending(id, pendingId, amount);
    }

    /** A void (release) of a hold, with a fresh id. */
    public static VoidPending voidHold(CommandId pendingId) {
        return voidHold(CommandId.random(), pendingId);
    }

    /** A void with the caller's id. */
    public static VoidPending voidHold(CommandId id, CommandId pendingId) {
        Objects.requireNonNull(id, "id");
        return new VoidPending(id, Objects.requireNonNull(pendingId, "pendingId"));
    }

    /**
     * One leg of a linked command, its arguments checked.
     *
     * @param reference optional ({@code null}), at most 256 characters
     */
    public static LinkedTransfers.Leg leg(String debitAccountId, String creditAccountId, long amount, String currency,
                                          String reference) {
        Transfer checked = TransferClient.newTransfer(CommandId.random(), debitAccountId, creditAccountId, amount,
                currency, reference);
        return new LinkedTransfers.Leg(checked.debitAccountId(), checked.creditAccountId(), amount, currency,
                reference);
    }

    /** Linked transfers with a fresh id: every leg applied, in order, or none. */
    public static LinkedTransfers linked(List<LinkedTransfers.Leg> legs) {
        return linked(CommandId.random(), legs);
    }

    /** Linked transfers with the caller's id. */
    public static LinkedTransfers linked(CommandId id, List<LinkedTransfers.Leg> legs) {
        Objects.requireNonNull(id, "id");
        if (legs == null || legs.size() < LinkedTransfers.MIN_LEGS || legs.size() > LinkedTransfers.MAX_LEGS) {
            throw new IllegalArgumentException("legs must hold " + LinkedTransfers.MIN_LEGS + "-"
                    + LinkedTransfers.MAX_LEGS + " legs, held " + (legs == null ? "null" : legs.size()));
        }
        for (int i = 0; i < legs.size(); i++) {
            if (legs.get(i) == null) {
                throw new IllegalArgumentException("legs[" + i + "] is null");
            }
        }
        LinkedTransfers command = new LinkedTransfers(id, legs);
        int bytes = WireCodec.encodeCommand(command).length;
        if (bytes > WireCodec.MAX_COMMAND_BYTES) {
            // The worker would dead-letter it as TOO_LARGE without a result.
            throw new IllegalArgumentException("legs make a command of " + bytes + " bytes, above the "
                    + WireCodec.MAX_COMMAND_BYTES + " a command may have (shorten the references, or use fewer legs)");
        }
        return command;
    }

    /** A closing of {@code accountId}, with a fresh id. */
    public static CloseAccount close(String accountId) {
        return close(CommandId.random(), accountId);
    }

    /** A closing with the caller's id. */
    public static CloseAccount close(CommandId id, String accountId) {
        Objects.requireNonNull(id, "id");
        return new CloseAccount(id, Arguments.accountId("accountId", accountId));
    }

    /** The id of the hold {@code hold} answered, checked to be a hold with a debit account. */
    static CommandId holdId(TransferResult hold) {
        Objects.requireNonNull(hold, "hold");
        if (!hold.pending() || hold.debitAccountId() == null) {
            throw new IllegalArgumentException("hold must be the result of a pending transfer (pending() == true), "
                    + "was the result of a plain transfer: " + hold.id());
        }
        return hold.id();
    }

    /** The pending transfer a post or void resolves. */
    static CommandId pendingIdOf(Command command) {
        Objects.requireNonNull(command, "command");
        if (command instanceof PostPending post) {
            return post.pendingId();
        }
        if (command instanceof VoidPending voidPending) {
            return voidPending.pendingId();
        }
        throw new IllegalArgumentException("command must be a post_pending or void_pending, was "
                + command.type().wireName());
    }

    /** The hold timeout in whole seconds, checked against the contract's range. */
    static long timeoutSeconds(Duration timeout) {
        if (timeout.getNano() != 0 || timeout.getSeconds() < Transfer.MIN_TIMEOUT_SECONDS
                || timeout.getSeconds() > Transfer.MAX_TIMEOUT_SECONDS) {
            throw new IllegalArgumentException("timeout must be whole seconds from " + Transfer.MIN_TIMEOUT_SECONDS
                    + " to " + Transfer.MAX_TIMEOUT_SECONDS + " (365 days), was " + timeout
                    + " (null for a hold that never expires)");
        }
        return timeout.getSeconds();
    }
}
