package dev.tally.worker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compose file and the images it builds, checked without a Docker engine: the Docker CLI validates the file
 * when it is installed ({@code docker compose}, else {@code docker-compose}), and whatever the CLI, the file is read
 * and its promises checked — services, health checks, start order, that nothing but the worker's port is published —
 * as is the rule that the Dockerfiles build with exactly the package command of the README.
 */
class ComposeFileTests {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path COMPOSE_FILE = ROOT.resolve("docker-compose.yml");
    private static final String PACKAGE_COMMAND = "./mvnw -B -q package -DskipTests";

    @Test
    void dockerCliAcceptsTheComposeFileWhenInstalled() throws Exception {
        List<String> cli = composeCli();
        if (cli.isEmpty()) {
            // No CLI on this machine: the structural checks below are all the validation there is, and they run.
            System.err.println("[ComposeFileTests] no docker compose CLI; " + COMPOSE_FILE + " checked by parsing only");
            assertThat(compose()).containsKey("services");
            return;
        }
        List<String> command = new ArrayList<>(cli);
        command.addAll(List.of("-f", COMPOSE_FILE.toString(), "config", "-q"));
        Run run = run(command);
        assertThat(run.exitCode()).as("%s said:%n%s", String.join(" ", command), run.output()).isZero();
        System.err.println("[ComposeFileTests] " + String.join(" ", command) + ": valid");
    }

    @Test
    void runsKafkaPostgresTheWorkerAndTheDemo() {
        Map<String, Object> services = map(compose(), "services");

        assertThat(services).containsOnlyKeys("kafka", "postgres", "worker", "demo", "lgtm", "secured-certs",
                "kafka-secured", "secured-setup", "worker-secured", "demo-secured");
        // `docker compose up` starts the services without a profile: the plain system, as before.
        assertThat(services.keySet().stream().filter(name -> !map(services, name).containsKey("profiles")))
                .containsExactlyInAnyOrder("kafka", "postgres", "worker", "demo", "lgtm");
        assertThat(map(services, "kafka").get("image")).isEqualTo("apache/kafka:4.1.1");
        assertThat(map(services, "postgres").get("image")).isEqualTo("postgres:16");
        assertThat(map(map(services, "worker"), "build")).containsEntry("context", ".")
                .containsEntry("dockerfile", "worker/Dockerfile");
        assertThat(map(map(services, "demo"), "build")).containsEntry("context", ".")
                .containsEntry("dockerfile", "producer/Dockerfile");
    }

    @Test
    void runsKafkaAsOneKraftNodeWithSingleReplicaTransactionLog() {
        Map<String, Object> environment = map(map(map(compose(), "services"), "kafka"), "environment");

        assertThat(String.valueOf(environment.get("KAFKA_PROCESS_ROLES"))).contains("broker").contains("controller");
        assertThat(environment.get("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR")).hasToString("1");
        assertThat(environment.get("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR")).hasToString("1");
        assertThat(environment.get("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR")).hasToString("1");
        assertThat(String.valueOf(environment.get("KAFKA_ADVERTISED_LISTENERS"))).contains("kafka:9092");
    }

    @Test
    void keepsPostgresDataInANamedVolume() {
        Map<String, Object> compose = compose();
        List<?> volumes = (List<?>) map(map(compose, "services"), "postgres").get("volumes");

        assertThat(volumes).anySatisfy(volume -> assertThat(volume).asString().startsWith("tally-postgres:"));
        assertThat(map(compose, "volumes")).containsKey("tally-postgres");
    }

    @Test
    void runsMigrationsAsTheOwnerAndTheWorkerAsARestrictedRole() throws Exception {
        // The init script creates both roles; the worker connects as tally_worker and only Flyway as tally_owner.
        Map<String, Object> services = map(compose(), "services");
        List<?> volumes = (List<?>) map(services, "postgres").get("volumes");
        assertThat(volumes).anySatisfy(volume -> assertThat(volume).asString()
                .isEqualTo("./docker/postgres-init:/docker-entrypoint-initdb.d:ro"));
        Map<String, Object> worker = map(map(services, "worker"), "environment");
        assertThat(worker.get("SPRING_DATASOURCE_USERNAME")).hasToString("tally_worker");
        assertThat(worker.get("SPRING_FLYWAY_USER")).hasToString("tally_owner");
        String script = java.nio.file.Files.readString(
                ROOT.resolve("docker/postgres-init/01-roles.sql"));
        assertThat(script).contains("CREATE ROLE tally_owner").contains("CREATE ROLE tally_worker")
                .contains("GRANT SELECT, INSERT, UPDATE ON TABLES TO tally_worker");
    }

    @Test
    void startsEachServiceOnlyOnceItsDependenciesAreHealthy() {
        Map<String, Object> services = map(compose(), "services");

        for (String name : List.of("kafka", "postgres", "worker")) {
            assertThat(map(map(services, name), "healthcheck").get("test")).as("health check of %s", name).isNotNull();
        }
        assertThat(String.valueOf(map(map(services, "worker"), "healthcheck").get("test")))
                .contains("/actuator/health/readiness");
        assertThat(map(map(services, "postgres"), "healthcheck").get("test").toString()).contains("pg_isready");
        assertHealthyDependency(services, "worker", "kafka");
        assertHealthyDependency(services, "worker", "postgres");
        assertHealthyDependency(services, "demo", "worker");
    }

    @Test
    void publishesTheWorkersHttpPortAndNothingElse() {
        Map<String, Object> services = map(compose(), "services");

        for (String name : services.keySet()) {
            Object ports = map(services, name).get("ports");
            if (name.equals("worker")) {
                // A range, so that scaled workers do not clash over one host port; the first is 8080.
                assertThat(ports).isEqualTo(List.of("8080-8089:8080"));
            } else if (name.equals("lgtm")) {
                // Grafana lets anyone in as admin: reachable from this machine only.
                assertThat(ports).isEqualTo(List.of("127.0.0.1:3000:3000"));
            } else {
                assertThat(ports).as("ports of %s", name).isNull();
            }
        }
    }

    @Test
    void provisionsTheWorkersDashboardAndExportsTheWorkersTelemetryToTheObservabilityService() {
        Map<String, Object> services = map(compose(), "services");
        Map<String, Object> lgtm = map(services, "lgtm");

        assertThat(String.valueOf(lgtm.get("image"))).startsWith("grafana/otel-lgtm:");
        List<?> volumes = (List<?>) lgtm.get("volumes");
        assertThat(volumes).hasSize(2);
        for (Object volume : volumes) {
            String source = String.valueOf(volume).split(":")[0];
            assertThat(ROOT.resolve(source)).as("mounted %s", volume).exists();
        }
        assertThat(volumes).anySatisfy(volume -> assertThat(String.valueOf(volume))
                .startsWith("./docker/grafana/dashboards:"));
        Map<String, Object> worker = map(map(services, "worker"), "environment");
        assertThat(worker).containsEntry("MANAGEMENT_OTLP_METRICS_EXPORT_ENABLED", "true")
                .containsEntry("MANAGEMENT_OTLP_METRICS_EXPORT_URL", "http://lgtm:4318/v1/metrics")
                .containsEntry("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT", "http://lgtm:4318/v1/traces");
    }

    @Test
    void configuresTheWorkerAndTheDemoThroughTheirEnvironment() {
        Map<String, Object> services = map(compose(), "services");

        assertThat(map(map(services, "worker"), "environment")).containsKeys("SPRING_DATASOURCE_URL",
                "SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD", "SPRING_KAFKA_BOOTSTRAP_SERVERS");
        assertThat(map(map(services, "demo"), "environment")).containsKeys("TALLY_KAFKA_BOOTSTRAP", "TALLY_DB_URL",
                "TALLY_DB_USER", "TALLY_DB_PASSWORD");
        assertThat(String.valueOf(map(services, "demo").get("command"))).contains("tally load")
                .contains("--report").contains("tally verify");
    }

    @Test
    void buildsImagesWithTheReadmesPackageCommandAndRunsThemOnTheJreAsAnotherUserThanRoot() throws IOException {
        assertThat(Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8)).contains(PACKAGE_COMMAND);
        assertThat(Files.readString(ROOT.resolve(".dockerignore"), StandardCharsets.UTF_8)).contains("**/target");
        for (String module : List.of("worker", "producer")) {
            String dockerfile = Files.readString(ROOT.resolve(module + "/Dockerfile"), StandardCharsets.UTF_8);
            assertThat(dockerfile).as("%s/Dockerfile", module)
                    .contains("FROM eclipse-temurin:17-jdk AS build")
                    .containsPattern("(?m)^RUN .*" + java.util.regex.Pattern.quote(PACKAGE_COMMAND) + "$")
                    .contains("FROM eclipse-temurin:17-jre")
                    .containsPattern("(?m)^USER tally$");
        }
        assertThat(Files.readString(ROOT.resolve("worker/Dockerfile"), StandardCharsets.UTF_8))
                .contains("ENTRYPOINT [\"java\", \"-jar\", \"/app/tally-worker.jar\"]");
    }

    @Test
    void scalesTheWorkerWithoutSharedInstanceIdsOrHostPorts() {
        // `docker compose up --scale worker=3` copies the service three times: anything fixed in it is shared.
        Map<String, Object> worker = map(map(compose(), "services"), "worker");

        assertThat(map(worker, "environment")).as("an instance id shared by every replica fences their transactions")
                .doesNotContainKeys("TALLY_WORKER_INSTANCE_ID", "TALLY_WORKER_INSTANCEID", "tally.worker.instance-id");
        assertThat(worker).as("a container name cannot be shared by replicas").doesNotContainKey("container_name");
        assertThat(worker).doesNotContainKey("hostname");
        List<?> ports = (List<?>) worker.get("ports");
        assertThat(ports).allSatisfy(port -> assertThat(String.valueOf(port))
                .as("a host port range, one port per replica").matches("\\d+-\\d+:8080"));
    }

    @Test
    void securedProfileRunsTheWorkerAndADemoClientWithTheirOwnCredentialsOnABrokerWithTheAuthorizer()
            throws IOException {
        Map<String, Object> services = map(compose(), "services");
        List<String> secured = List.of("secured-certs", "kafka-secured", "secured-setup", "worker-secured",
                "demo-secured");
        for (String name : secured) {
            assertThat(map(services, name).get("profiles")).as("profiles of %s", name).isEqualTo(List.of("secured"));
        }
        String broker = Files.readString(ROOT.resolve("docker/secured/broker.sh"), StandardCharsets.UTF_8);
        assertThat(broker).contains("listener.security.protocol.map=SASL_SSL:SASL_SSL,CONTROLLER:SASL_SSL")
                .contains("sasl.enabled.mechanisms=SCRAM-SHA-512")
                .contains("authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .contains("allow.everyone.if.no.acl.found=false").contains("super.users=User:admin;User:controller")
                .contains("--add-scram \"SCRAM-SHA-512=[name=admin,");
        assertThat(String.valueOf(map(services, "kafka-secured").get("command"))).contains("/scripts/broker.sh");
        // The worker's grants: named topics, its group and transactional ids; never CREATE, ALL or the cluster.
        String setup = Files.readString(ROOT.resolve("docker/secured/setup.sh"), StandardCharsets.UTF_8);
        assertThat(setup).contains("--allow-principal User:worker").contains("--transactional-id tally-worker-")
                .contains("--group tally-worker").doesNotContain("--operation Create")
                .doesNotContain("--operation All").doesNotContain("--cluster");
        Map<String, Object> worker = map(map(services, "worker-secured"), "environment");
        assertThat(worker).containsEntry("SPRING_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                .containsEntry("SPRING_KAFKA_PROPERTIES_SASL_MECHANISM", "SCRAM-SHA-512");
        assertThat(String.valueOf(worker.get("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG")))
                .contains("username=\"worker\"");
        assertThat(String.valueOf(map(services, "demo-secured").get("command")))
                .contains("tally clients add demo").contains("--command-config /certs/admin.properties")
                .contains("--commands-topic tally.client.demo.commands");
        assertCompletedDependency(services, "kafka-secured", "secured-certs");
        assertHealthyDependency(services, "secured-setup", "kafka-secured");
        assertCompletedDependency(services, "worker-secured", "secured-setup");
        assertHealthyDependency(services, "worker-secured", "postgres");
        assertHealthyDependency(services, "demo-secured", "worker-secured");
    }

    private static void assertCompletedDependency(Map<String, Object> services, String service, String dependency) {
        Map<String, Object> dependsOn = map(map(services, service), "depends_on");
        assertThat(map(dependsOn, dependency)).as("%s depends on %s", service, dependency)
                .containsEntry("condition", "service_completed_successfully");
    }

    private static void assertHealthyDependency(Map<String, Object> services, String service, String dependency) {
        Map<String, Object> dependsOn = map(map(services, service), "depends_on");
        assertThat(map(dependsOn, dependency)).as("%s depends on %s", service, dependency)
                .containsEntry("condition", "service_healthy");
    }

    private static Map<String, Object> compose() {
        try {
            return new Yaml().load(Files.readString(COMPOSE_FILE, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + COMPOSE_FILE, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertThat(value).as("%s in %s", key, parent.keySet()).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    /** {@code docker compose} when the plugin answers, else {@code docker-compose}, else nothing. */
    private static List<String> composeCli() throws InterruptedException {
        for (List<String> cli : List.of(List.of("docker", "compose"), List.of("docker-compose"))) {
            List<String> version = new ArrayList<>(cli);
            version.add("version");
            try {
                if (run(version).exitCode() == 0) {
                    return cli;
                }
            } catch (IOException e) {
                // Not installed; try the next.
            }
        }
        return List.of();
    }

    private static Run run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish within 60 s");
        }
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private record Run(int exitCode, String output) {
    }
}
