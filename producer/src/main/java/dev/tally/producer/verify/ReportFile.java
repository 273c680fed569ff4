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
