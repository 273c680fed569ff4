package dev.tally.worker;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code tally.worker.instance-id} names the worker's transactional producers, so two live instances must never
 * share one by default (they would fence each other's transactions): without a value, each settings object gets the
 * host name and a random suffix; a value given stays exactly as given.
 */
class InstanceIdTests {

    @Test
    void defaultInstanceIdIsTheHostNameWithARandomSuffixAndDiffersEachTime() {
        String first = settings(null).instanceId();
        String second = settings("").instanceId();

        assertThat(first).isNotEqualTo(second);
        assertThat(first).matches("[A-Za-z0-9._-]{1,60}-[0-9a-f]{8}");
        assertThat(second).matches("[A-Za-z0-9._-]{1,60}-[0-9a-f]{8}");
        assertThat(first.substring(0, first.length() - 9)).isEqualTo(second.substring(0, second.length() - 9));
    }

    @Test
    void aGivenInstanceIdIsKeptSoThatARestartedInstanceFencesItsPredecessor() {
        assertThat(settings("worker-0").instanceId()).isEqualTo("worker-0");
        assertThat(settings("worker-0").instanceId()).isEqualTo("worker-0");
    }

    @Test
    void refusesAnInstanceIdThatCannotBeTransactionalIdText() {
        assertThatThrownBy(() -> settings("worker 1"))
                .hasRootCauseInstanceOf(IllegalArgumentException.class)
                .hasStackTraceContaining("tally.worker.instance-id must be 1-100 characters");
    }

    /** The settings as Spring Boot binds them from {@code tally.worker.*} properties. */
    private static WorkerSettings settings(String instanceId) {
        Map<String, String> properties = new HashMap<>();
        properties.put("tally.worker.group-id", "tally-worker");
        if (instanceId != null) {
            properties.put("tally.worker.instance-id", instanceId);
        }
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("tally.worker", WorkerSettings.class);
    }
}
