package dev.tally.worker.authority;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.tally.contracts.ClientTopics;

/**
 * Tells the principal of a record from the topic it came from, the only identity the worker trusts (the broker's
 * ACLs decide who may write each topic): the configured operator commands topic is the operator, a
 * {@code tally.client.<name>.commands} topic is that client, and any other topic is nobody. Thread-safe.
 */
public final class Principals {

    private static final String COMMANDS = ".commands";

    private final String operatorTopic;
    private final String clientPrefix;
    // A worker reads a handful of topics: each is matched against the client pattern once, not once per record.
    private final Map<String, Principal> known = new ConcurrentHashMap<>();

    /** The operator's topic, and clients' topics named {@code tally.client.<name>.commands}. */
    public Principals(String operatorTopic) {
        this(operatorTopic, ClientTopics.PREFIX);
    }

    /**
     * The operator's topic, and clients' topics named {@code <clientPrefix><name>.commands}: the same prefix the
     * worker subscribes with ({@code tally.worker.clients.topic-prefix}), so that every client topic it reads has a
     * principal.
     */
    public Principals(String operatorTopic, String clientPrefix) {
        this.operatorTopic = operatorTopic;
        this.clientPrefix = clientPrefix;
    }

    /** The same principals with another operator topic. */
    public Principals withOperatorTopic(String topic) {
        return new Principals(topic, clientPrefix);
    }

    /** The operator topic this instance trusts. */
    public String operatorTopic() {
        return operatorTopic;
    }

    /** The sender of a record from {@code topic}; {@code null} when the topic is neither the operator's nor a client's. */
    public Principal of(String topic) {
        if (topic.equals(operatorTopic)) {
            return Principal.OPERATOR;
        }
        Principal principal = known.get(topic);
        if (principal == null) {
            String client = clientOf(topic);
            if (client == null) {
                // Never cached: the map must not grow with whatever topic names reach it.
                return null;
            }
            principal = Principal.client(client);
            known.put(topic, principal);
        }
        return principal;
    }

    private String clientOf(String topic) {
        if (!topic.startsWith(clientPrefix) || !topic.endsWith(COMMANDS)
                || topic.length() <= clientPrefix.length() + COMMANDS.length()) {
            return null;
        }
        String name = topic.substring(clientPrefix.length(), topic.length() - COMMANDS.length());
        return ClientTopics.isValidName(name) ? name : null;
    }
}
