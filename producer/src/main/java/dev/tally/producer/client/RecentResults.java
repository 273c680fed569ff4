package dev.tally.producer.client;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.tally.contracts.CommandId;
import dev.tally.contracts.Reason;
import dev.tally.contracts.Result;

/**
 * The most recent decisions the client has read, by command id, bounded: the oldest is forgotten first. A
 * non-replay result replaces a replay of the same id (they carry the same decision, the first is the original),
 * and a rejection for a reused id is never kept, since it is not the id's decision.
 */
final class RecentResults {

    private final Map<CommandId, Result> results;

    RecentResults(int capacity) {
        this.results = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<CommandId, Result> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized void remember(Result result) {
        if (result.reason() == Reason.ID_REUSED_WITH_DIFFERENT_FIELDS) {
            return;
        }
        Result known = results.get(result.id());
        if (known == null || (known.replay() && !result.replay())) {
            results.put(result.id(), result);
        }
    }

    /** The decision on {@code id} if it is still remembered, else {@code null}. */
    synchronized Result find(CommandId id) {
        return results.get(id);
    }

    synchronized int size() {
        return results.size();
    }
}
