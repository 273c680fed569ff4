package dev.tally.contracts;

import java.util.regex.Pattern;

/**
 * The topics of a client (contract v1.2): a named principal with its own commands, results and dead-letter topics.
 * Which topic a record came from is the only identity the worker trusts; the broker's ACLs decide who may write it.
 */
public final class ClientTopics {

    /** A client's name: lower-case letters, digits and dashes, 1 to 40 characters, not starting with a dash. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    /** Every client's commands topic, as the worker subscribes to it. */
    public static final Pattern COMMANDS = Pattern.compile("tally\\.client\\.([a-z0-9][a-z0-9-]{0,39})\\.commands");

    /** The prefix every topic of every client starts with (and the prefix of a client's ACLs, with its name). */
    public static final String PREFIX = "tally.client.";

    private ClientTopics() {
    }

    /** Whether {@code name} is a valid client name. */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /**
     * The client whose commands topic this is, or {@code null} for any other topic (the operator's
     * {@code tally.commands} among them).
     */
    public static String clientOf(String commandsTopic) {
        if (commandsTopic == null || !commandsTopic.startsWith(PREFIX)) {
            return null;
        }
        var matcher = COMMANDS.matcher(commandsTopic);
        return matcher.matches() ? matcher.group(1) : null;
    }

    /** {@code tally.client.<name>.commands}. */
    public static String commands(String name) {
        return PREFIX + requireName(name) + ".commands";
    }

    /** {@code tally.client.<name>.results}. */
    public static String results(String name) {
        return PREFIX + requireName(name) + ".results";
    }

    /** {@code tally.client.<name>.commands.DLT}. */
    public static String deadLetters(String name) {
        return PREFIX + requireName(name) + ".commands.DLT";
    }

    /** The prefix of every topic (and consumer group) of one client: {@code tally.client.<name>.}. */
    public static String prefix(String name) {
        return PREFIX + requireName(name) + ".";
    }

    private static String requireName(String name) {
        if (!isValidName(name)) {
            throw new IllegalArgumentException("client name must match " + NAME.pattern() + ": " + name);
        }
        return name;
    }
}
