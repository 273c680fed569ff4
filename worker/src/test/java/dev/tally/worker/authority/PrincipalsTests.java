package dev.tally.worker.authority;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The principal of a record comes from its topic alone, and no unknown topic is ever the operator. */
class PrincipalsTests {

    private final Principals principals = new Principals("tally.commands");

    @Test
    void takesTheConfiguredCommandsTopicForTheOperator() {
        assertThat(principals.of("tally.commands")).isEqualTo(Principal.OPERATOR);
        assertThat(new Principals("ops.commands").of("ops.commands")).isEqualTo(Principal.OPERATOR);
    }

    @Test
    void takesAClientsCommandsTopicForThatClient() {
        assertThat(principals.of("tally.client.shop-a.commands")).isEqualTo(Principal.client("shop-a"));
        assertThat(principals.of("tally.client.shop-a.commands")).isEqualTo(Principal.client("shop-a"));
    }

    @Test
    void treatsEveryOtherTopicAsNobody() {
        // Not the operator's: another worker's operator topic, a client's results or dead letters, a near miss.
        assertThat(principals.of("ops.commands")).isNull();
        assertThat(principals.of("tally.client.shop-a.results")).isNull();
        assertThat(principals.of("tally.client.shop-a.commands.DLT")).isNull();
        assertThat(principals.of("tally.client.Shop-A.commands")).isNull();
        assertThat(principals.of("tally.commands.DLT")).isNull();
    }

    @Test
    void takesClientsTopicsUnderTheConfiguredPrefix() {
        Principals prefixed = new Principals("t1.commands", "t1.client.");
        assertThat(prefixed.of("t1.client.shop-a.commands")).isEqualTo(Principal.client("shop-a"));
        assertThat(prefixed.of("tally.client.shop-a.commands")).isNull();
        assertThat(prefixed.of("t1.client..commands")).isNull();
        assertThat(prefixed.of("t1.client.a.b.commands")).isNull();
        assertThat(prefixed.withOperatorTopic("t2.commands").of("t1.client.shop-a.commands"))
                .isEqualTo(Principal.client("shop-a"));
        assertThat(prefixed.withOperatorTopic("t2.commands").of("t2.commands")).isEqualTo(Principal.OPERATOR);
    }
}
