package dev.tally.producer.client;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.Command;
import dev.tally.contracts.Money;

/** The client's checks of its callers' arguments, each failing with a message that names the argument. */
final class Arguments {

    private Arguments() {
    }

    static void requirePositive(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
    }

    static String requireText(String argument, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(argument + " must not be blank");
        }
        return value.trim();
    }

    static AccountId accountId(String argument, String value) {
        if (!AccountId.isValid(value)) {
            throw new IllegalArgumentException(argument + " must be " + AccountId.RULE + ", was "
                    + (value == null ? "null" : "\"" + value + "\""));
        }
        return new AccountId(value);
    }

    static void currency(String value) {
        if (!Money.isValidCurrency(value)) {
            throw new IllegalArgumentException("currency must be three upper-case letters (ISO 4217, such as EUR), "
                    + "was " + (value == null ? "null" : "\"" + value + "\""));
        }
    }

    /** The command's own ordering key; a post or void has none and must be sent with its hold's debit account. */
    static AccountId orderingKey(Command command) {
        AccountId key = command.orderingKey();
        if (key == null) {
            throw new IllegalArgumentException("a " + command.type().wireName() + " names no account: it is keyed by "
                    + "its pending transfer's debit account; send it with post/voidHold or "
                    + "send(command, orderingKey, timeout)");
        }
        return key;
    }

    /** Daemon threads: a client left unclosed does not keep the application's JVM alive. */
    static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
