package dev.tally.producer.clients;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.resource.ResourcePatternFilter;

import dev.tally.contracts.ClientTopics;

/**
 * Adds, lists and removes clients through Kafka's Admin API; the admin must act as the operator. Every step first
 * looks at what exists and does only what is missing, so running {@code add} or {@code remove} twice changes nothing
 * the second time, and a run cut short is completed by the next. Each method returns one line per thing it found or
 * did.
 *
 * <p>A client's topics copy the operator's: the commands and dead-letter topics take the partition count of the
 * operator's commands topic, the results topic that of the operator's results topic, all three its replication
 * factor; the dead-letter topic takes {@code max.message.bytes} {@value #DEAD_LETTER_MAX_MESSAGE_BYTES}, the size the
 * worker gives its own (a dead letter carries a whole command plus headers). The other settings are the broker's.
 */
public final class ClientAdmin {

    /** The worker's largest record, the {@code max.message.bytes} it gives {@code tally.commands.DLT}. */
    static final int DEAD_LETTER_MAX_MESSAGE_BYTES = 2 * 1024 * 1024;
    private static final int SCRAM_ITERATIONS = 8192;

    private final Admin admin;
    private final Duration timeout;

    /** @param timeout how long each Admin call may take before the operation fails */
    public ClientAdmin(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /** What one operation found and did. */
    public record Report(List<String> lines, boolean changed) {
    }

    /**
     * Creates what the client lacks: its topics, then its ACLs, then its credential (last, so that a client that can
     * authenticate finds everything ready).
     *
     * @param password the new credential's password; ignored when the client has a credential (never replaced)
     */
    public Report add(String name, String operatorCommands, String operatorResults, String password) {
        requireName(name);
        List<String> lines = new ArrayList<>();
        boolean changed = false;
        Map<String, TopicDescription> operator = call("describe the operator's topics " + operatorCommands + " and "
                + operatorResults, admin.describeTopics(List.of(operatorCommands, operatorResults)).allTopicNames());
        TopicDescription commands = operator.get(operatorCommands);
        short replicas = (short) commands.partitions().get(0).replicas().size();
        Set<String> existing = existingTopics();
        Map<String, NewTopic> wanted = new LinkedHashMap<>();
        wanted.put(ClientTopics.commands(name),
                new NewTopic(ClientTopics.commands(name), commands.partitions().size(), replicas));
        wanted.put(ClientTopics.results(name), new NewTopic(ClientTopics.results(name),
                operator.get(operatorResults).partitions().size(), replicas));
        wanted.put(ClientTopics.deadLetters(name),
                new NewTopic(ClientTopics.deadLetters(name), commands.partitions().size(), replicas)
                        .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                                String.valueOf(DEAD_LETTER_MAX_MESSAGE_BYTES))));
        List<NewTopic> missing = wanted.values().stream().filter(t -> !existing.contains(t.name())).toList();
        if (!missing.isEmpty()) {
            call("create topics", admin.createTopics(missing).all());
            changed = true;
        }
        for (NewTopic topic : wanted.values()) {
            lines.add("topic " + topic.name() + ": " + (existing.contains(topic.name()) ? "exists" : "created ("
                    + topic.numPartitions() + " partitions" + (topic.configs() == null ? "" : ", " + topic.configs())
                    + ")"));
        }
        Set<AclBinding> granted = new HashSet<>(acls(name));
        List<AclBinding> grants = ClientGrants.of(name).stream().filter(acl -> !granted.contains(acl)).toList();
        if (!grants.isEmpty()) {
            call("create ACLs", admin.createAcls(grants).all());
            changed = true;
        }
        ClientGrants.of(name).forEach(acl -> lines.add("acl " + ClientGrants.describe(acl) + ": "
                + (granted.contains(acl) ? "exists" : "added")));
        if (users().contains(name)) {
            lines.add("credential SCRAM-SHA-512 for " + ClientGrants.principal(name) + ": exists (password unchanged)");
        } else {
            call("create the SCRAM credential of " + name, admin.alterUserScramCredentials(List.of(
                    new UserScramCredentialUpsertion(name, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512,
                            SCRAM_ITERATIONS), password))).all());
            lines.add("credential SCRAM-SHA-512 for " + ClientGrants.principal(name) + ": created");
            changed = true;
        }
        return new Report(lines, changed);
    }

    /** Whether any topic, ACL or credential of the client exists. */
    public boolean exists(String name) {
        requireName(name);
        return existingTopics().stream().anyMatch(t -> t.startsWith(ClientTopics.prefix(name)))
                || !acls(name).isEmpty() || users().contains(name);
    }

    /** Removes the client's credential (first, so it can do nothing more), its ACLs and its topics. */
    public Report remove(String name) {
        requireName(name);
        List<String> lines = new ArrayList<>();
        boolean changed = false;
        if (users().contains(name)) {
            call("delete the SCRAM credential of " + name, admin.alterUserScramCredentials(List.of(
                    new UserScramCredentialDeletion(name, ScramMechanism.SCRAM_SHA_512))).all());
            lines.add("credential SCRAM-SHA-512 for " + ClientGrants.principal(name) + ": deleted");
            changed = true;
        } else {
            lines.add("credential SCRAM-SHA-512 for " + ClientGrants.principal(name) + ": absent");
        }
        List<AclBinding> granted = acls(name);
        if (!granted.isEmpty()) {
            call("delete ACLs", admin.deleteAcls(granted.stream().map(AclBinding::toFilter).toList()).all());
            changed = true;
        }
        lines.add("acls: " + granted.size() + " deleted");
        Set<String> existing = existingTopics();
        List<String> topics = List.of(ClientTopics.commands(name), ClientTopics.results(name),
                ClientTopics.deadLetters(name)).stream().filter(existing::contains).toList();
        if (!topics.isEmpty()) {
            call("delete topics", admin.deleteTopics(topics).all());
            changed = true;
        }
        for (String topic : List.of(ClientTopics.commands(name), ClientTopics.results(name),
                ClientTopics.deadLetters(name))) {
            lines.add("topic " + topic + ": " + (topics.contains(topic) ? "deleted" : "absent"));
        }
        return new Report(lines, changed);
    }

    /**
     * One line per client found through its topics or ACLs, by name: how many of its three topics and of its
     * {@link ClientGrants} exist, and whether it has a credential.
     */
    public List<String> list() {
        Map<String, Set<String>> topics = new TreeMap<>();
        for (String topic : existingTopics()) {
            String rest = topic.substring(ClientTopics.PREFIX.length());
            int dot = rest.indexOf('.');
            String name = dot < 0 ? rest : rest.substring(0, dot);
            if (ClientTopics.isValidName(name) && List.of(ClientTopics.commands(name), ClientTopics.results(name),
                    ClientTopics.deadLetters(name)).contains(topic)) {
                topics.computeIfAbsent(name, n -> new HashSet<>()).add(topic);
            }
        }
        Map<String, Set<AclBinding>> acls = new TreeMap<>();
        for (AclBinding acl : call("describe ACLs", admin.describeAcls(AclBindingFilter.ANY).values())) {
            String principal = acl.entry().principal();
            String name = principal.startsWith("User:") ? principal.substring("User:".length()) : "";
            if (ClientTopics.isValidName(name) && ClientGrants.of(name).contains(acl)) {
                acls.computeIfAbsent(name, n -> new HashSet<>()).add(acl);
            }
        }
        Set<String> users = users();
        Set<String> names = new java.util.TreeSet<>(topics.keySet());
        names.addAll(acls.keySet());
        List<String> lines = new ArrayList<>();
        for (String name : names) {
            int topicCount = topics.getOrDefault(name, Set.of()).size();
            int aclCount = acls.getOrDefault(name, Set.of()).size();
            boolean complete = topicCount == 3 && aclCount == ClientGrants.of(name).size() && users.contains(name);
            lines.add(name + "  topics " + topicCount + "/3  acls " + aclCount + "/" + ClientGrants.of(name).size()
                    + "  credential " + (users.contains(name) ? "SCRAM-SHA-512" : "none")
                    + (complete ? "" : "  (incomplete: `tally clients add " + name + "` completes it)"));
        }
        return lines;
    }

    private List<AclBinding> acls(String name) {
        AclBindingFilter filter = new AclBindingFilter(ResourcePatternFilter.ANY, new AccessControlEntryFilter(
                ClientGrants.principal(name), null, AclOperation.ANY, AclPermissionType.ANY));
        return List.copyOf(call("describe the ACLs of " + name, admin.describeAcls(filter).values()));
    }

    private Set<String> existingTopics() {
        Set<String> names = new HashSet<>();
        for (String topic : call("list topics", admin.listTopics().names())) {
            if (topic.startsWith(ClientTopics.PREFIX)) {
                names.add(topic);
            }
        }
        return names;
    }

    private Set<String> users() {
        return new HashSet<>(call("describe SCRAM credentials", admin.describeUserScramCredentials().users()));
    }

    private static void requireName(String name) {
        if (!ClientTopics.isValidName(name)) {
            throw new ClientAdminException("client name must match " + ClientTopics.NAME.pattern() + ": '" + name
                    + "'");
        }
    }

    /** The future's value, or a one-line reason: missing rights and a broker without an authorizer named as such. */
    private <T> T call(String action, KafkaFuture<T> future) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof AuthorizationException) {
                throw new ClientAdminException("the credentials in use lack the right to " + action + " ("
                        + cause.getMessage() + "); clients are managed with the operator's credentials "
                        + "(--command-config)");
            }
            if (cause instanceof SaslAuthenticationException) {
                throw new ClientAdminException("the broker refused the credentials: " + cause.getMessage());
            }
            if (cause instanceof UnknownTopicOrPartitionException) {
                throw new ClientAdminException("cannot " + action + ": a topic does not exist (" + cause.getMessage()
                        + "); the operator's topics come first (--commands-topic, --results-topic)");
            }
            if (cause instanceof SecurityDisabledException) {
                throw new ClientAdminException("cannot " + action + ": the broker has no authorizer, so clients "
                        + "cannot be kept apart (see docs/security.md)");
            }
            throw new ClientAdminException("cannot " + action + ": " + cause.getMessage());
        } catch (TimeoutException e) {
            throw new ClientAdminException("cannot " + action + ": the broker did not answer within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientAdminException("interrupted while trying to " + action);
        }
    }
}
