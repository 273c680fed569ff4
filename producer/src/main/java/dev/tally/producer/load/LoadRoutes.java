package dev.tally.producer.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tally.contracts.AccountId;
import dev.tally.producer.client.TransferClient;

/**
 * The topics a load publishes on: the operator's, and with clients (contract v1.2) each client's own, whose
 * accounts are {@code <client>:<prefix>-NNNNN}. A command goes where its ordering key's owner is, so that a client
 * debits only the accounts it owns and reads its results on its own results topic; the funding account and
 * anything without a client's prefix go through the operator.
 */
public final class LoadRoutes implements AutoCloseable {

    private final TransferClient operator;
    private final Map<String, TransferClient> clients;
    private final List<String> names;

    /** @param clients each client's connected {@link TransferClient}, by name, in the order accounts go round */
    public LoadRoutes(TransferClient operator, Map<String, TransferClient> clients) {
        this.operator = operator;
        this.clients = new LinkedHashMap<>(clients);
        this.names = List.copyOf(clients.keySet());
    }

    /** Every command on the operator's topics, as before contract v1.2. */
    public static LoadRoutes operatorOnly(TransferClient operator) {
        return new LoadRoutes(operator, Map.of());
    }

    /**
     * The id of the run's account number {@code index}: with clients, owned by them in turn, so each client has
     * every {@code clients}-th account.
     */
    static String accountId(List<String> clientNames, String prefix, int index) {
        String own = String.format("%s-%05d", prefix, index);
        return clientNames.isEmpty() ? own : clientNames.get(index % clientNames.size()) + ":" + own;
    }

    /** The client an account id is owned by, its part before the first colon; {@code null} for none. */
    static String ownerOf(AccountId account) {
        int colon = account.value().indexOf(':');
        return colon < 0 ? null : account.value().substring(0, colon);
    }

    List<String> clientNames() {
        return names;
    }

    /** The client that owns {@code key}, the operator's when no client does. */
    TransferClient route(AccountId key) {
        String owner = names.isEmpty() ? null : ownerOf(key);
        TransferClient client = owner == null ? null : clients.get(owner);
        return client != null ? client : operator;
    }

    int inFlight() {
        int inFlight = operator.inFlight();
        for (TransferClient client : clients.values()) {
            inFlight += client.inFlight();
        }
        return inFlight;
    }

    /** Closes every client's {@link TransferClient} and the operator's. */
    @Override
    public void close() {
        List<TransferClient> all = new ArrayList<>(clients.values());
        all.add(operator);
        RuntimeException first = null;
        for (TransferClient client : all) {
            try {
                client.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
