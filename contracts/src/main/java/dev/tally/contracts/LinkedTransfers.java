package dev.tally.contracts;

import java.util.List;
import java.util.Objects;

/**
 * Contract v1.1: {@value #MIN_LEGS} to {@value #MAX_LEGS} transfers decided in order in one transaction, each seeing
 * the earlier ones' effects, and applied all together or not at all. Keyed by the first leg's debit account.
 */
public record LinkedTransfers(CommandId id, List<Leg> legs) implements Command {

    public static final int MIN_LEGS = 1;
    public static final int MAX_LEGS = 100;

    public LinkedTransfers {
        Objects.requireNonNull(id, "id");
        legs = List.copyOf(legs);
        if (legs.size() < MIN_LEGS || legs.size() > MAX_LEGS) {
            throw new IllegalArgumentException("transfers must hold " + MIN_LEGS + "-" + MAX_LEGS + " legs, held "
                    + legs.size());
        }
    }

    /**
     * One leg: the fields of a plain transfer, without id.
     *
     * @param reference optional, at most 256 characters; {@code null} when absent
     */
    public record Leg(AccountId debitAccountId, AccountId creditAccountId, long amount, String currency,
                      String reference) {

        public Leg {
            Objects.requireNonNull(debitAccountId, "debitAccountId");
            Objects.requireNonNull(creditAccountId, "creditAccountId");
            if (amount < 1) {
                throw new IllegalArgumentException("amount must be at least 1 minor unit, was " + amount);
            }
            if (!Money.isValidCurrency(currency)) {
                throw new IllegalArgumentException("currency must be three upper-case letters");
            }
            if (reference != null && !Money.isValidReference(reference)) {
                throw new IllegalArgumentException(
                        "reference must be at most 256 characters of Unicode text, without NUL");
            }
        }

        /** This leg as a plain transfer with the given id, to decide it as one. */
        public Transfer asTransfer(CommandId id) {
            return new Transfer(id, debitAccountId, creditAccountId, amount, currency, reference);
        }
    }

    @Override
    public CommandType type() {
        return CommandType.LINKED_TRANSFERS;
    }

    @Override
    public AccountId orderingKey() {
        return legs.get(0).debitAccountId();
    }

    @Override
    public String canonicalFields() {
        // Each leg's reference is written with its length first, so that no reference can imitate a next leg.
        StringBuilder text = new StringBuilder("linked_transfers\n").append(legs.size());
        for (Leg leg : legs) {
            text.append('\n').append(leg.debitAccountId().value()).append('\n').append(leg.creditAccountId().value())
                    .append('\n').append(leg.amount()).append('\n').append(leg.currency()).append('\n')
                    .append(leg.reference() == null ? "-" : "+" + leg.reference().length() + ':' + leg.reference());
        }
        return text.toString();
    }
}
