package dev.tally.producer.cli;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.Money;

/** Argument checks whose messages name the command-line option, made before anything connects. */
final class Checks {

    private Checks() {
    }

    static String account(String option, String value) {
        if (!AccountId.isValid(value)) {
            throw CliException.usage(option + " must be " + AccountId.RULE + ", was '" + value + "'");
        }
        return value;
    }

    static String currency(String option, String value) {
        if (!Money.isValidCurrency(value)) {
            throw CliException.usage(option + " must be three upper-case letters (ISO 4217, such as EUR), was '"
                    + value + "'");
        }
        return value;
    }

    static long positive(String option, long value) {
        if (value < 1) {
            throw CliException.usage(option + " must be at least 1, was " + value);
        }
        return value;
    }

    static double share(String option, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw CliException.usage(option + " must be between 0 and 1, was " + value);
        }
        return value;
    }
}
