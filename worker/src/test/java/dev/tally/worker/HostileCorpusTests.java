package dev.tally.worker;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import dev.tally.contracts.ParsedRecord;
import dev.tally.contracts.WireCodec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the hostile-input corpus without Kafka: every file exists and fits its expected outcome as far as parsing
 * alone decides it (dead-letter reasons, field errors, or a valid command that the ledger will decide). The
 * integration test {@code HostileInputIntegrationTests} sends the same records through a running worker.
 */
class HostileCorpusTests {

    @Test
    void holdsAtLeastFortyRecordsEachWithAnExpectedOutcome() {
        List<HostileCorpus.Entry> entries = HostileCorpus.entries();

        assertThat(entries).hasSizeGreaterThanOrEqualTo(40);
        assertThat(entries).allSatisfy(entry -> assertThat(entry.why()).isNotBlank());
    }

    @TestFactory
    Stream<DynamicTest> parsesEachRecordAsItsExpectedOutcomeSays() {
        Map<String, String> values = new HashMap<>();
        values.put("PAYER", "payer-1");
        values.put("PAYEE", "payee-1");
        values.put("FULL", "full-1");
        values.put("GHOST", "ghost-1");
        values.put("NEW_ACCOUNT", "new-1");
        values.put("PREV_ID", UUID.randomUUID().toString());
        return HostileCorpus.entries().stream().map(entry -> DynamicTest.dynamicTest(entry.toString(), () -> {
            values.put("ID", UUID.randomUUID().toString());
            values.put("ID_NO_DASHES", UUID.randomUUID().toString().replace("-", ""));
            ParsedRecord parsed = WireCodec.parseCommand(HostileCorpus.value(entry, values));
            HostileCorpus.Expected expected = entry.expected();
            if (expected.deadLetter()) {
                assertThat(parsed).isInstanceOf(ParsedRecord.Unusable.class);
                assertThat(((ParsedRecord.Unusable) parsed).reason().code()).isEqualTo(expected.reason());
            } else if (expected.producerError()) {
                assertThat(parsed).isInstanceOf(ParsedRecord.Unusable.class);
            } else if ("INVALID_COMMAND".equals(expected.reason()) || "INVALID_AMOUNT".equals(expected.reason())) {
                assertThat(parsed).isInstanceOf(ParsedRecord.Invalid.class);
                assertThat(((ParsedRecord.Invalid) parsed).reason().name()).isEqualTo(expected.reason());
            } else {
                assertThat(parsed).as("%s", parsed).isInstanceOf(ParsedRecord.Valid.class);
            }
        }));
    }
}
