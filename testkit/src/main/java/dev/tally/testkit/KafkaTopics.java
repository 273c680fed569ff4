package dev.tally.testkit;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Topic helpers for tests. Tests give each test class its own topic names (see {@link #unique(String)}) so that
 * records left behind by one class are never read by another.
 */
public final class KafkaTopics {

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private static final SecureRandom RANDOM = new SecureRandom();

    // Generous enough for a cold broker, short enough that a broken one fails the test instead of hanging it.
    private static final long TIMEOUT_SECONDS = 30;

    private KafkaTopics() {
    }

    /**
     * Creates the named topics with the given number of partitions and replication factor 1. Returns when the
     * broker has accepted every topic. A topic that already exists is left as it is, whatever its partition count.
     * @param bootstrap the broker's bootstrap servers, for example {@link TallyServices#kafkaBootstrap()}
     * @param partitions the number of partitions of each new topic, at least 1
     * @param names the topic names
     * @throws IllegalStateException if a topic cannot be created within 30 seconds
     */
    public static void create(String bootstrap, int partitions, String... names) {
        List<NewTopic> topics = Arrays.stream(names).map((name) -> new NewTopic(name, partitions, (short) 1)).toList();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            CreateTopicsResult result = admin.createTopics(topics);
            for (String name : names) {
                awaitCreated(result, name, bootstrap);
            }
        }
    }

    private static void awaitCreated(CreateTopicsResult result, String name, String bootstrap) {
        try {
            result.values().get(name).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        catch (ExecutionException ex) {
            // Tolerating an existing topic lets several test classes share a fixed topic name when they must.
            if (!(ex.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Could not create topic " + name + " on " + bootstrap, ex.getCause());
            }
        }
        catch (TimeoutException ex) {
            throw new IllegalStateException("Timed out creating topic " + name + " on " + bootstrap, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic " + name, ex);
        }
    }

    /**
     * Returns a topic name that no other call returns in practice: the prefix, a dash and eight random lower-case
     * letters or digits.
     * @param prefix the start of the name, for example {@code "tally.commands"}
     * @return a new topic name
     */
    public static String unique(String prefix) {
        return prefix + "-" + randomSuffix(8);
    }

    static String randomSuffix(int length) {
        StringBuilder suffix = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            suffix.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return suffix.toString();
    }

}
