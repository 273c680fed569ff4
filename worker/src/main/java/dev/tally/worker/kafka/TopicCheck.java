package dev.tally.worker.kafka;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Describes topics through the Admin API, once per assignment or re-check, never per record: each topic's Kafka id,
 * and why a topic cannot take the worker's records (missing, or not writable by the worker's principal).
 */
final class TopicCheck implements AutoCloseable {

    /**
     * @param ids      Kafka's id of each topic that could be described
     * @param problems why each topic that cannot take records cannot, in a sentence
     */
    record Findings(Map<String, UUID> ids, Map<String, String> problems) {
    }

    private final Admin admin;
    private final long timeoutMs;

    TopicCheck(Admin admin, long timeoutMs) {
        this.admin = admin;
        this.timeoutMs = timeoutMs;
    }

    Findings describe(Collection<String> topics) {
        Map<String, UUID> ids = new HashMap<>();
        Map<String, String> problems = new HashMap<>();
        if (topics.isEmpty()) {
            return new Findings(ids, problems);
        }
        Map<String, KafkaFuture<TopicDescription>> described = admin.describeTopics(topics,
                new DescribeTopicsOptions().includeAuthorizedOperations(true).timeoutMs((int) timeoutMs))
                .topicNameValues();
        described.forEach((topic, future) -> {
            try {
                TopicDescription description = future.get(timeoutMs, TimeUnit.MILLISECONDS);
                Uuid id = description.topicId();
                ids.put(topic, new UUID(id.getMostSignificantBits(), id.getLeastSignificantBits()));
                if (!writable(description.authorizedOperations())) {
                    problems.put(topic, topic + " is not writable by the worker (no WRITE permission)");
                }
            } catch (ExecutionException e) {
                problems.put(topic, e.getCause() instanceof UnknownTopicOrPartitionException
                        ? topic + " does not exist"
                        : e.getCause() instanceof TopicAuthorizationException
                        ? topic + " is not visible to the worker (no DESCRIBE permission)"
                        : topic + " could not be described: " + e.getCause());
            } catch (TimeoutException e) {
                problems.put(topic, topic + " could not be described within " + timeoutMs + " ms");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                problems.put(topic, topic + " could not be described: interrupted");
            }
        });
        return new Findings(ids, problems);
    }

    @Override
    public void close() {
        admin.close(java.time.Duration.ofSeconds(5));
    }

    /** Without an authorizer the broker grants every operation; {@code null} means they were not reported. */
    private static boolean writable(Set<AclOperation> operations) {
        return operations == null || operations.isEmpty() || operations.contains(AclOperation.WRITE)
                || operations.contains(AclOperation.ALL);
    }
}
