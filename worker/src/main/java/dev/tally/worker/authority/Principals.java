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

    private final String operatorTopic;
    // A worker reads a handful of topics: each is matched against the client pattern once, not once per record.
    private final Map<String, Principal> known = new ConcurrentHashMap<>();

    public Principals(String operatorTopic) {
        this.operatorTopic = operatorTopic;
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
            String client = ClientTopics.clientOf(topic);
            if (client == null) {
                // Never cached: the map must not grow with whatever topic names reach it.
                return null;
            }
            principal = Principal.client(client);
            known.put(topic, principal);
        }
        return principal;
    }
}
