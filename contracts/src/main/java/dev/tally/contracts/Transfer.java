package dev.tally.contracts;

import java.util.Objects;

/**
 * Move {@code amount} minor units of {@code currency} from the debit account to the credit account.
 *
 * @param reference optional, at most 256 characters, stored and echoed; {@code null} when absent
 */
public record Transfer(CommandId id, AccountId debitAccountId, AccountId creditAccountId, long amount,
                       String currency, String reference) implements Command {

    public Transfer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(debitAccountId, "debitAccountId");
        Objects.requireNonNull(creditAccountId, "creditAccountId");
        if (amount < 1) {
            throw new IllegalArgumentException("amount must be at least 1 minor unit, was " + amount);
        }
        if (!Money.isValidCurrency(currency)) {
            throw new IllegalArgumentException("currency must be three upper-case letters");
        }
        if (reference != null && !Money.isValidReference(reference)) {
            throw new IllegalArgumentException("reference must be at most 256 characters of Unicode text, without NUL");
        }
    }

    @Override
    public CommandType type() {
        return CommandType.TRANSFER;
    }

    @Override
    public AccountId orderingKey() {
        return debitAccountId;
    }

    @Override
    public String canonicalFields() {
        // Account ids and currencies cannot hold a newline, and the reference comes last, so this is unambiguous.
        return "transfer\n" + debitAccountId.value() + '\n' + creditAccountId.value() + '\n' + amount + '\n'
                + currency + '\n' + (reference == null ? "-" : "+" + reference);
    }
}
