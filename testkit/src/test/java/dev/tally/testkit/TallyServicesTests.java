package dev.tally.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Fast checks of the parts that need no services: the database URL rewriting that every source goes through, and
 * unique topic names.
 */
class TallyServicesTests {

    @Test
    void withDatabaseReplacesOnlyTheDatabase() {
        assertThat(TallyServices.withDatabase("jdbc:postgresql://localhost:5432/postgres", "t1"))
                .isEqualTo("jdbc:postgresql://localhost:5432/t1");
        assertThat(TallyServices.withDatabase("jdbc:postgresql://h1:5432,h2:5433/db?sslmode=disable&a=b", "t1"))
                .isEqualTo("jdbc:postgresql://h1:5432,h2:5433/t1?sslmode=disable&a=b");
        assertThat(TallyServices.withDatabase("jdbc:postgresql://localhost:5432", "t1"))
                .isEqualTo("jdbc:postgresql://localhost:5432/t1");
        assertThat(TallyServices.withDatabase("jdbc:postgresql://localhost/?loggerLevel=OFF", "t1"))
                .isEqualTo("jdbc:postgresql://localhost/t1?loggerLevel=OFF");
        assertThat(TallyServices.withDatabase("jdbc:postgresql:postgres", "t1")).isEqualTo("jdbc:postgresql:t1");
    }

    @Test
    void uniqueTopicNamesKeepThePrefixAndDiffer() {
        String first = KafkaTopics.unique("tally.commands");
        String second = KafkaTopics.unique("tally.commands");

        assertThat(first).matches("tally\\.commands-[a-z0-9]{8}");
        assertThat(first).isNotEqualTo(second);
    }

}
