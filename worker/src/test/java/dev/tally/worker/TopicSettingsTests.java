package dev.tally.worker;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicSettingsTests {

    @Test
    void resultPartitionsDefaultSeparatelyFromTheCommandsTopics() {
        WorkerSettings.TopicSettings defaults = new WorkerSettings.TopicSettings(null, null, null, null, null, null);

        assertThat(defaults.partitions()).isEqualTo(12);
        assertThat(defaults.resultPartitions()).isEqualTo(WorkerSettings.TopicSettings.RESULT_PARTITIONS);
    }

    @Test
    void resultPartitionsMustBePositive() {
        assertThatThrownBy(() -> new WorkerSettings.TopicSettings(null, null, null, null, 0, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tally.worker.topics.result-partitions must be at least 1, was 0");
    }
}
