package dev.tally.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

/** A client's topics are named by the contract's pattern, and only a name that matches it makes a client topic. */
class ClientTopicsTests {

    @Test
    void namesAClientsThreeTopics() {
        assertThat(ClientTopics.commands("shop-a")).isEqualTo("tally.client.shop-a.commands");
        assertThat(ClientTopics.results("shop-a")).isEqualTo("tally.client.shop-a.results");
        assertThat(ClientTopics.deadLetters("shop-a")).isEqualTo("tally.client.shop-a.commands.DLT");
        assertThat(ClientTopics.prefix("shop-a")).isEqualTo("tally.client.shop-a.");
    }

    @Test
    void findsTheClientOfItsCommandsTopicOnly() {
        assertThat(ClientTopics.clientOf("tally.client.shop-a.commands")).isEqualTo("shop-a");
        assertThat(ClientTopics.clientOf("tally.client.0.commands")).isEqualTo("0");
        assertThat(ClientTopics.clientOf(Topics.COMMANDS)).isNull();
        assertThat(ClientTopics.clientOf("tally.client.shop-a.results")).isNull();
        assertThat(ClientTopics.clientOf("tally.client.shop-a.commands.DLT")).isNull();
        assertThat(ClientTopics.clientOf("tally.client.Shop.commands")).isNull();
        assertThat(ClientTopics.clientOf("tally.client.-shop.commands")).isNull();
        assertThat(ClientTopics.clientOf("tally.client.a.b.commands")).isNull();
        assertThat(ClientTopics.clientOf("tally.client." + "a".repeat(41) + ".commands")).isNull();
        assertThat(ClientTopics.clientOf("tally.client." + "a".repeat(40) + ".commands")).isEqualTo("a".repeat(40));
        assertThat(ClientTopics.clientOf(null)).isNull();
    }

    @Test
    void refusesANameOutsideThePattern() {
        assertThatIllegalArgumentException().isThrownBy(() -> ClientTopics.commands("Shop"))
                .withMessageContaining("client name");
        assertThatIllegalArgumentException().isThrownBy(() -> ClientTopics.results(""));
        assertThatIllegalArgumentException().isThrownBy(() -> ClientTopics.deadLetters("a_b"));
        assertThat(ClientTopics.isValidName("shop-a")).isTrue();
        assertThat(ClientTopics.isValidName("a".repeat(41))).isFalse();
        assertThat(ClientTopics.isValidName(null)).isFalse();
    }
}
