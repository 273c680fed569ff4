package dev.tally.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

/**
 * A one-node KRaft broker secured as the contract (v1.2) says production brokers are: clients connect over
 * {@code SASL_SSL} with SCRAM-SHA-512, the KRaft {@code StandardAuthorizer} decides every request, and nothing is
 * allowed without an ACL ({@code allow.everyone.if.no.acl.found=false}). It runs as its own process
 * ({@link BrokerProcess}), with a TLS certificate made for this broker alone by the JDK's {@code keytool} into its
 * directory.
 *
 * <p>Principals: {@value #ADMIN}, the operator, is a super user whose SCRAM credential is written into the cluster
 * metadata when the storage is formatted ({@code --add-scram}), so the first request can already authenticate; the
 * broker also uses it on its own inter-broker listener (the transaction coordinator writes markers through it).
 * The controller listener takes SASL {@code PLAIN} over TLS with a static {@code controller} user (SCRAM credentials
 * live in the metadata the controller serves, so the controller cannot use them itself); that user is a super user
 * too, as the broker's requests to the controller (registration, heartbeats) need cluster rights. Everyone else —
 * clients, the worker — is created with {@link #createUser} and gets only the ACLs a test grants.
 */
public final class SecuredBroker implements AutoCloseable {

    /** The operator's user name: a super user. */
    public static final String ADMIN = "admin";

    private static final String STORE_TYPE = "PKCS12";

    private final BrokerProcess process;
    private final Path truststore;
    private final String storePassword;
    private final String adminPassword;
    private final Map<String, String> passwords = new HashMap<>();

    private SecuredBroker(BrokerProcess process, Path truststore, String storePassword, String adminPassword) {
        this.process = process;
        this.truststore = truststore;
        this.storePassword = storePassword;
        this.adminPassword = adminPassword;
        passwords.put(ADMIN, adminPassword);
    }

    /**
     * Makes the certificate, formats the storage with the operator's credential and starts the broker; returns once
     * it answers the operator.
     *
     * @param directory the broker's directory (created if missing): certificates, settings, log directory, output
     */
    public static SecuredBroker start(Path directory) throws IOException, InterruptedException {
        Files.createDirectories(directory);
        String storePassword = secret();
        String adminPassword = secret();
        String controllerPassword = secret();
        Path keystore = directory.resolve("broker.p12");
        Path truststore = directory.resolve("truststore.p12");
        BrokerCertificates.make(directory, keystore, truststore, storePassword, STORE_TYPE);
        Map<String, Object> adminSecurity = security(truststore, storePassword, ADMIN, adminPassword);
        BrokerProcess.Listeners listeners = (port, controllerPort) -> List.of(
                "listeners=SASL_SSL://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=SASL_SSL://127.0.0.1:" + port,
                "inter.broker.listener.name=SASL_SSL",
                "listener.security.protocol.map=SASL_SSL:SASL_SSL,CONTROLLER:SASL_SSL",
                "sasl.enabled.mechanisms=SCRAM-SHA-512",
                "sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512",
                "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=" + scramJaas(ADMIN, adminPassword),
                "sasl.mechanism.controller.protocol=PLAIN",
                "listener.name.controller.sasl.enabled.mechanisms=PLAIN",
                "listener.name.controller.plain.sasl.jaas.config="
                        + "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"controller\""
                        + " password=\"" + controllerPassword + "\" user_controller=\"" + controllerPassword + "\";",
                "ssl.keystore.type=" + STORE_TYPE,
                "ssl.keystore.location=" + keystore,
                "ssl.keystore.password=" + storePassword,
                "ssl.key.password=" + storePassword,
                "ssl.truststore.type=" + STORE_TYPE,
                "ssl.truststore.location=" + truststore,
                "ssl.truststore.password=" + storePassword,
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "allow.everyone.if.no.acl.found=false",
                "super.users=User:" + ADMIN + ";User:controller");
        BrokerProcess process = BrokerProcess.format(directory, List.of("-XX:TieredStopAtLevel=1"), listeners,
                List.of("--add-scram", "SCRAM-SHA-512=[name=" + ADMIN + ",password=" + adminPassword + "]"),
                adminSecurity);
        SecuredBroker broker = new SecuredBroker(process, truststore, storePassword, adminPassword);
        try {
            process.start();
        } catch (IOException | InterruptedException | RuntimeException e) {
            process.close();
            throw e;
        }
        return broker;
    }

    /** The broker's {@code SASL_SSL} listener, {@code host:port}. */
    public String bootstrap() {
        return process.bootstrap();
    }

    /** The truststore (PKCS12) that holds the broker's certificate. */
    public Path truststore() {
        return truststore;
    }

    public String truststorePassword() {
        return storePassword;
    }

    /** Settings (bootstrap included) of a Kafka client that acts as the operator, a super user. */
    public Map<String, Object> adminProperties() {
        return clientProperties(ADMIN);
    }

    /**
     * Settings (bootstrap included) of a Kafka client that authenticates as {@code user}, created with
     * {@link #createUser} (or the operator).
     *
     * @throws IllegalArgumentException when this broker made no such user
     */
    public Map<String, Object> clientProperties(String user) {
        String password = passwords.get(user);
        if (password == null) {
            throw new IllegalArgumentException("no user " + user + " was created on this broker");
        }
        Map<String, Object> properties = security(truststore, storePassword, user, password);
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        return properties;
    }

    /**
     * The same settings as {@link #clientProperties}, as the lines of a Kafka client properties file (what
     * {@code --command-config} and Kafka's own tools read), without the bootstrap.
     */
    public String clientPropertiesFile(String user) {
        Map<String, Object> properties = new HashMap<>(clientProperties(user));
        properties.remove(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        List<String> lines = new ArrayList<>();
        properties.forEach((name, value) -> lines.add(name + "=" + value));
        lines.sort(null);
        return String.join("\n", lines) + "\n";
    }

    /** Creates (or replaces) a SCRAM-SHA-512 credential for {@code user} with a random password. */
    public void createUser(String user) throws ExecutionException, InterruptedException {
        createUser(user, secret());
    }

    /** Creates (or replaces) a SCRAM-SHA-512 credential for {@code user}; {@link #clientProperties} then use it. */
    public void createUser(String user, String password) throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(adminProperties())) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password)))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the broker did not create user " + user + " within 30 s", e);
        }
        passwords.put(user, password);
    }

    /** Adds ACLs as the operator. */
    public void allow(List<AclBinding> acls) throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(adminProperties())) {
            admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the broker did not add the ACLs within 30 s", e);
        }
    }

    /**
     * Adds a client as {@code tally clients add} does, for tests of modules that cannot run the CLI: its three topics
     * ({@code tally.client.<name>.commands}, {@code .results}, {@code .commands.DLT}, with {@code partitions} each
     * and the dead-letter topic's {@code max.message.bytes} of 2 MiB), its ACLs and a SCRAM credential; then
     * {@link #clientProperties(String)} connects as it. The producer's {@code ClientsCliIntegrationTests} checks that
     * the ACLs equal the CLI's.
     */
    public void addClient(String name, int partitions) throws ExecutionException, InterruptedException {
        String prefix = "tally.client." + name + ".";
        try (Admin admin = Admin.create(adminProperties())) {
            admin.createTopics(List.of(new NewTopic(prefix + "commands", partitions, (short) 1),
                    new NewTopic(prefix + "results", partitions, (short) 1),
                    new NewTopic(prefix + "commands.DLT", partitions, (short) 1)
                            .configs(Map.of("max.message.bytes", String.valueOf(2 * 1024 * 1024)))))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the broker did not create the topics of " + name + " within 30 s", e);
        }
        allow(clientAcls(name));
        createUser(name);
    }

    /** The ACLs {@link #addClient} grants: the contract's, as {@code tally clients add} grants them. */
    public static List<AclBinding> clientAcls(String name) {
        String prefix = "tally.client." + name + ".";
        List<AclBinding> acls = new ArrayList<>();
        acls.addAll(grants(ResourceType.TOPIC, prefix + "commands", PatternType.LITERAL, name,
                AclOperation.WRITE, AclOperation.DESCRIBE));
        acls.addAll(grants(ResourceType.TOPIC, prefix + "results", PatternType.LITERAL, name,
                AclOperation.READ, AclOperation.DESCRIBE));
        acls.addAll(grants(ResourceType.TOPIC, prefix + "commands.DLT", PatternType.LITERAL, name,
                AclOperation.READ, AclOperation.DESCRIBE));
        acls.addAll(grants(ResourceType.GROUP, prefix, PatternType.PREFIXED, name,
                AclOperation.READ, AclOperation.DESCRIBE));
        return acls;
    }

    private static List<AclBinding> grants(ResourceType type, String resource, PatternType patternType, String user,
                                           AclOperation... operations) {
        List<AclBinding> acls = new ArrayList<>();
        for (AclOperation operation : operations) {
            acls.add(new AclBinding(new ResourcePattern(type, resource, patternType),
                    new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW)));
        }
        return acls;
    }

    /** The operator's password (the CLI tests pass it in a properties file, as an operator would). */
    public String adminPassword() {
        return adminPassword;
    }

    /** Kills the broker and waits for it to be gone. */
    @Override
    public void close() {
        process.close();
    }

    private static Map<String, Object> security(Path truststore, String storePassword, String user,
                                                String password) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        properties.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
        properties.put(SaslConfigs.SASL_JAAS_CONFIG, scramJaas(user, password));
        properties.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, STORE_TYPE);
        properties.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, truststore.toString());
        properties.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, storePassword);
        return properties;
    }

    private static String scramJaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    private static String secret() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
