package dev.tally.worker.authority;

import dev.tally.contracts.ClientTopics;

/**
 * Who sent a command: the operator (full authority, as in contract v1.1) or a named client. Stored as the client's
 * name, {@code NULL} for the operator, in {@code command_ids.principal} and the journal tables.
 *
 * @param client the client's name; {@code null} for the operator
 */
public record Principal(String client) {

    /** The sender of every command on the operator's commands topic. */
    public static final Principal OPERATOR = new Principal(null);

    public Principal {
        if (client != null && !ClientTopics.isValidName(client)) {
            throw new IllegalArgumentException("client name must match " + ClientTopics.NAME.pattern());
        }
    }

    public static Principal client(String name) {
        return new Principal(name);
    }

    /** The principal stored as {@code name} ({@code null}: the operator). */
    public static Principal stored(String name) {
        return name == null ? OPERATOR : new Principal(name);
    }

    public boolean isOperator() {
        return client == null;
    }

    /** Whether this principal owns what {@code owner} owns ({@code null}: the operator's). */
    public boolean isOwner(String owner) {
        return client == null ? owner == null : client.equals(owner);
    }

    @Override
    public String toString() {
        return client == null ? "the operator" : "client " + client;
    }
}
