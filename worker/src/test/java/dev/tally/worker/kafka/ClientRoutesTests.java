package dev.tally.worker.kafka;

import org.junit.jupiter.api.Test;

import dev.tally.contracts.ClientTopics;
import dev.tally.worker.WorkerSettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The worker's subscription takes the operator's commands topic and exactly the clients' commands topics the
 * contract names ({@code tally.client.<name>.commands}, name {@code [a-z0-9][a-z0-9-]{0,39}}), and sends each
 * topic's outcomes to its own results and dead-letter topics.
 */
class ClientRoutesTests {

    private final ClientRoutes routes = new ClientRoutes(
            new WorkerSettings.TopicSettings(null, null, null, null, null, null),
            new WorkerSettings.ClientSettings(null, null));

    @Test
    void subscribesToTheOperatorsTopicAndEveryValidClientsCommandsTopic() {
        assertThat(routes.subscription().matcher("tally.commands").matches()).isTrue();
        assertThat(routes.subscription().matcher("tally.client.shop-a.commands").matches()).isTrue();
        assertThat(routes.subscription().matcher("tally.client.0.commands").matches()).isTrue();
        assertThat(routes.subscription().matcher("tally.client." + "a".repeat(40) + ".commands").matches()).isTrue();
    }

    @Test
    void neverSubscribesToTopicsOutsideThePattern() {
        for (String topic : new String[] {"tally.client.Bad.commands", "tally.client.a.b.commands",
                "tally.client.-a.commands", "tally.client..commands", "tally.client." + "a".repeat(41) + ".commands",
                "tally.client.a.results", "tally.client.a.commands.DLT", "tally.results", "tally.commands.DLT",
                "tallyxcommands", "tally.clientxa.commands", "tally.client.a.commandsx", "x.tally.client.a.commands"}) {
            assertThat(routes.subscription().matcher(topic).matches()).as(topic).isFalse();
        }
    }

    @Test
    void routesAClientsOutcomesToItsOwnTopicsAndTheOperatorsToTheOperators() {
        assertThat(routes.route("tally.client.shop-a.commands"))
                .isEqualTo(new ClientRoutes.Route("shop-a", ClientTopics.results("shop-a"),
                        ClientTopics.deadLetters("shop-a")));
        assertThat(routes.route("tally.commands"))
                .isEqualTo(new ClientRoutes.Route(null, "tally.results", "tally.commands.DLT"));
        assertThat(routes.route("tally.commands").operator()).isTrue();
        assertThatThrownBy(() -> routes.route("tally.client.Bad.commands"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void findsTheClientOfAResultsOrDeadLetterTopicWhereASendFailed() {
        assertThat(routes.clientOfOutput("tally.client.shop-a.results")).isEqualTo("shop-a");
        assertThat(routes.clientOfOutput("tally.client.shop-a.commands.DLT")).isEqualTo("shop-a");
        assertThat(routes.clientOfOutput("tally.results")).isNull();
        assertThat(routes.clientOfOutput("tally.commands.DLT")).isNull();
        assertThat(routes.clientOfOutput("tally.client.Bad.results")).isNull();
    }

    @Test
    void aConfiguredPrefixReplacesTheContractsAndIsMatchedLiterally() {
        ClientRoutes prefixed = new ClientRoutes(new WorkerSettings.TopicSettings("it.commands", "it.results",
                "it.commands.DLT", null, null, null), new WorkerSettings.ClientSettings("it.client.", null));

        assertThat(prefixed.subscription().matcher("it.client.a.commands").matches()).isTrue();
        assertThat(prefixed.subscription().matcher("itxclient.a.commands").matches()).isFalse();
        assertThat(prefixed.subscription().matcher("tally.client.a.commands").matches()).isFalse();
        assertThat(prefixed.subscription().matcher("itxcommands").matches()).isFalse();
        assertThat(prefixed.route("it.client.a.commands").results()).isEqualTo("it.client.a.results");
    }
}
