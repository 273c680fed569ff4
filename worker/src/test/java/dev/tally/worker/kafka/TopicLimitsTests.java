package dev.tally.worker.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import dev.tally.worker.WorkerSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limits checked before the listener starts: with the broker's defaults and the topics as the worker creates
 * them everything fits; a dead-letter topic smaller than a copy of the largest command, a commands topic whose
 * largest record the producer could not send as a dead letter, and a results topic too small for a result are each
 * reported with the topic and both sizes.
 */
class TopicLimitsTests {

    private static final int BROKER_DEFAULT = 1_048_588;
    private final TopicLimits limits = new TopicLimits(null, settings(), null);

    @Test
    void topicsAsTheWorkerCreatesThemFit() {
        assertThat(limits.problems(sizes(BROKER_DEFAULT, BROKER_DEFAULT, KafkaConfiguration.MAX_RECORD_BYTES),
                KafkaConfiguration.MAX_RECORD_BYTES)).isEmpty();
    }

    @Test
    void reportsADeadLetterTopicThatCannotTakeACopyOfTheLargestCommand() {
        List<String> problems = limits.problems(sizes(BROKER_DEFAULT, BROKER_DEFAULT, BROKER_DEFAULT),
                KafkaConfiguration.MAX_RECORD_BYTES);

        assertThat(problems).singleElement().asString()
                .contains("topic tally.commands.DLT has max.message.bytes=1048588")
                .contains("needs " + (BROKER_DEFAULT + TopicLimits.DEAD_LETTER_HEADROOM_BYTES));
    }

    @Test
    void reportsACommandsTopicWhoseLargestRecordTheProducerCouldNotDeadLetter() {
        int fourMiB = 4 * 1024 * 1024;
        List<String> problems = limits.problems(sizes(fourMiB, BROKER_DEFAULT, 2 * fourMiB),
                KafkaConfiguration.MAX_RECORD_BYTES);

        assertThat(problems).singleElement().asString().contains("max.request.size is 2097152");
    }

    @Test
    void reportsAResultsTopicTooSmallForAResult() {
        List<String> problems = limits.problems(sizes(BROKER_DEFAULT, 1_000, KafkaConfiguration.MAX_RECORD_BYTES),
                KafkaConfiguration.MAX_RECORD_BYTES);

        assertThat(problems).singleElement().asString().contains("topic tally.results has max.message.bytes=1000");
    }

    private static Map<String, Integer> sizes(int commands, int results, int deadLetters) {
        return Map.of("tally.commands", commands, "tally.results", results, "tally.commands.DLT", deadLetters);
    }

    private static WorkerSettings settings() {
        Map<String, String> properties = new HashMap<>();
        properties.put("tally.worker.group-id", "tally-worker");
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("tally.worker", WorkerSettings.class);
    }
}
