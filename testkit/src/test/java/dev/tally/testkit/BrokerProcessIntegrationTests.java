package dev.tally.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves that a broker process really is one that comes back where it was: it takes a topic, refuses connections
 * once killed, starts again on the same port with the topic still there, and refuses connections again once stopped.
 */
class BrokerProcessIntegrationTests {

    @Test
    void startsAgainOnTheSamePortKeepingItsTopicsAfterAKill(@TempDir Path directory) throws Exception {
        try (BrokerProcess broker = BrokerProcess.format(directory.resolve("kafka"),
                List.of("-XX:TieredStopAtLevel=1"))) {
            broker.start();
            KafkaTopics.create(broker.bootstrap(), 1, "kept");

            broker.kill();
            assertThatThrownBy(() -> connect(broker.bootstrap())).isInstanceOf(IOException.class);

            broker.start();
            assertThat(topics(broker.bootstrap())).contains("kept");

            broker.stop();
            assertThatThrownBy(() -> connect(broker.bootstrap())).isInstanceOf(IOException.class);
        }
    }

    private static void connect(String bootstrap) throws IOException {
        String[] hostAndPort = bootstrap.split(":");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostAndPort[0], Integer.parseInt(hostAndPort[1])), 2_000);
        }
    }

    private static Set<String> topics(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS);
        }
    }
}
