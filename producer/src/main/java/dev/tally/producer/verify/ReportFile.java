package dev.tally.producer.verify;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.tally.contracts.ClientTopics;

/** The commands of a {@code tally load --report} file, in publish order. */
public final class ReportFile {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * @param sequence       place in the publish order
     * @param kind           why it was sent: open, fund, transfer, hot, reject or duplicate
     * @param type           {@code transfer} or {@code open_account}
     * @param debitAccountId {@code null} for an opening
     */
    public record Entry(long sequence, UUID id, String kind, String type, String debitAccountId) {
    }

    private final List<Entry> entries;

    private ReportFile(List<Entry> entries) {
        this.entries = entries;
    }

    public List<Entry> entries() {
        return entries;
    }

    /**
     * The clients (contract v1.2) whose accounts the report's commands debit, by the part of an account id before
     * its colon, in name order: a load over clients' topics has their results on each client's results topic.
     */
    public List<String> debitingClients() {
        return entries.stream().map(Entry::debitAccountId).filter(id -> id != null && id.indexOf(':') > 0)
                .map(id -> id.substring(0, id.indexOf(':'))).filter(ClientTopics::isValidName).distinct().sorted()
                .toList();
    }

    /**
     * @throws IllegalArgumentException naming the file and the problem when it is not a load report
     */
    public static ReportFile read(Path file) throws IOException {
        JsonNode root;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = JSON.readTree(reader);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(file + " is not JSON: " + e.getOriginalMessage());
        }
        JsonNode commands = root.get("commands");
        if (commands == null || !commands.isArray()) {
            throw new IllegalArgumentException(file + " is not a tally load report (no \"commands\" array)");
        }
        List<Entry> entries = new ArrayList<>();
        for (JsonNode command : commands) {
            try {
                JsonNode debit = command.get("debit_account_id");
                entries.add(new Entry(command.get("seq").asLong(), UUID.fromString(command.get("id").asString()),
                        command.get("kind").asString(), command.get("type").asString(),
                        debit == null || debit.isNull() ? null : debit.asString()));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(file + " has a malformed command entry: " + command);
            }
        }
        entries.sort(Comparator.comparingLong(Entry::sequence));
        return new ReportFile(entries);
    }
}
