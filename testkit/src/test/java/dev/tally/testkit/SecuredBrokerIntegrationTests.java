package dev.tally.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The secured broker is really secured: the operator (a super user) can do anything, a user without ACLs can write
 * nothing, an ACL grants exactly what it names, and a wrong password is refused at authentication. One broker for
 * the class; every test uses topics and users of its own.
 */
class SecuredBrokerIntegrationTests {

    private static SecuredBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = SecuredBroker.start(Files.createTempDirectory("tally-secured-broker"));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void grantsAUserExactlyItsAclsAndTheOperatorEverything() throws Exception {
        String granted = KafkaTopics.unique("granted");
        String other = KafkaTopics.unique("other");
        try (Admin admin = Admin.create(broker.adminProperties())) {
            admin.createTopics(List.of(new NewTopic(granted, 1, (short) 1), new NewTopic(other, 1, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        }
        broker.createUser("writer");
        broker.allow(List.of(
                allow("writer", granted, AclOperation.WRITE), allow("writer", granted, AclOperation.DESCRIBE)));

        try (KafkaProducer<String, String> producer = producer(broker.clientProperties("writer"))) {
            assertThat(producer.send(new ProducerRecord<>(granted, "k", "v")).get(30, TimeUnit.SECONDS).offset())
                    .isZero();
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(other, "k", "v")).get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void refusesAWrongPassword() {
        Map<String, Object> wrong = new HashMap<>(broker.adminProperties());
        wrong.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"admin\" password=\"not-the-password\";");
        try (Admin admin = Admin.create(wrong)) {
            assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void writesAClientPropertiesFileKafkaToolsCanRead() throws Exception {
        java.util.Properties file = new java.util.Properties();
        file.load(new java.io.StringReader(broker.clientPropertiesFile(SecuredBroker.ADMIN)));
        assertThat(file).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .doesNotContainKey("bootstrap.servers");
        assertThat(Path.of(file.getProperty("ssl.truststore.location"))).isRegularFile();
    }

    private static AclBinding allow(String user, String topic, AclOperation operation) {
        return new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> properties) {
        Map<String, Object> config = new HashMap<>(properties);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }
}
