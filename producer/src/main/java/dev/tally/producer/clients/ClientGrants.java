package dev.tally.producer.clients;

import java.util.List;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import dev.tally.contracts.ClientTopics;

/**
 * The ACLs of a client, and nothing more (contract v1.2, "Brokers and the read API"): it may write (and describe)
 * only its commands topic, read (and describe) only its results and dead letters, and use only consumer groups
 * named after its prefix {@code tally.client.<name>.}. Topics are named literally, so that the client cannot read
 * its own commands topic; the group is a prefix, which cannot reach another client's groups since a name contains
 * no dot. A producer with idempotence needs no cluster right since Kafka 3.0 (a WRITE on a topic implies it).
 */
public final class ClientGrants {

    private ClientGrants() {
    }

    /** Every ACL of the client {@code name}, in a stable order. */
    public static List<AclBinding> of(String name) {
        String principal = principal(name);
        return List.of(
                topic(principal, ClientTopics.commands(name), AclOperation.WRITE),
                topic(principal, ClientTopics.commands(name), AclOperation.DESCRIBE),
                topic(principal, ClientTopics.results(name), AclOperation.READ),
                topic(principal, ClientTopics.results(name), AclOperation.DESCRIBE),
                topic(principal, ClientTopics.deadLetters(name), AclOperation.READ),
                topic(principal, ClientTopics.deadLetters(name), AclOperation.DESCRIBE),
                binding(principal, new ResourcePattern(ResourceType.GROUP, ClientTopics.prefix(name),
                        PatternType.PREFIXED), AclOperation.READ),
                binding(principal, new ResourcePattern(ResourceType.GROUP, ClientTopics.prefix(name),
                        PatternType.PREFIXED), AclOperation.DESCRIBE));
    }

    /** {@code User:<name>}: the principal SCRAM authentication gives the client. */
    public static String principal(String name) {
        return "User:" + name;
    }

    /** One line for an ACL: {@code ALLOW WRITE on TOPIC tally.client.a.commands (LITERAL)}. */
    static String describe(AclBinding acl) {
        return acl.entry().permissionType() + " " + acl.entry().operation() + " on " + acl.pattern().resourceType()
                + " " + acl.pattern().name() + " (" + acl.pattern().patternType() + ")";
    }

    private static AclBinding topic(String principal, String topic, AclOperation operation) {
        return binding(principal, new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL), operation);
    }

    private static AclBinding binding(String principal, ResourcePattern pattern, AclOperation operation) {
        return new AclBinding(pattern, new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }
}
