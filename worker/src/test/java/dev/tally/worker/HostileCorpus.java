package dev.tally.worker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hostile-input corpus of {@code src/test/resources/hostile/}: one file per record and {@code expected.tsv},
 * which names each file, its record key, its expected outcome and why. Files are templates: {@code ${NAME}}
 * placeholders are replaced by ids a test chooses (an open account, a fresh command id), and {@code ${PAD_TO:N}}
 * by enough {@code x} characters to make the whole value N bytes long, so that large records need no large files.
 * Replacement works on the raw bytes (read as ISO-8859-1), so invalid UTF-8 in a file reaches Kafka unchanged.
 */
final class HostileCorpus {

    static final String NULL_KEY = "<null>";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z_]+)}");
    private static final Pattern PAD = Pattern.compile("\\$\\{PAD_TO:(\\d+)}");

    private HostileCorpus() {
    }

    /** One line of {@code expected.tsv}. */
    record Entry(String file, String key, Expected expected, String why) {

        @Override
        public String toString() {
            return file + " -> " + expected;
        }
    }

    /**
     * An expected outcome: {@code DLT:<REASON>}, {@code RESULT:<STATUS>:<REASON or ->}, or
     * {@code PRODUCER_ERROR:<exception simple name>} (the broker refuses the record, so the worker never sees it).
     */
    record Expected(String kind, String status, String reason) {

        static Expected parse(String text) {
            String[] parts = text.split(":");
            return switch (parts[0]) {
                case "DLT", "PRODUCER_ERROR" -> new Expected(parts[0], null, parts[1]);
                case "RESULT" -> new Expected("RESULT", parts[1], "-".equals(parts[2]) ? null : parts[2]);
                default -> throw new IllegalArgumentException("unknown expected outcome " + text);
            };
        }

        boolean deadLetter() {
            return "DLT".equals(kind);
        }

        boolean result() {
            return "RESULT".equals(kind);
        }

        boolean producerError() {
            return "PRODUCER_ERROR".equals(kind);
        }

        @Override
        public String toString() {
            return result() ? kind + ":" + status + ":" + (reason == null ? "-" : reason) : kind + ":" + reason;
        }
    }

    static List<Entry> entries() {
        String tsv = new String(read("expected.tsv"), StandardCharsets.UTF_8);
        List<Entry> entries = new ArrayList<>();
        for (String line : tsv.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] columns = line.split("\t");
            if (columns.length != 4) {
                throw new IllegalStateException("expected.tsv: 4 tab-separated columns expected in: " + line);
            }
            entries.add(new Entry(columns[0], columns[1], Expected.parse(columns[2]), columns[3]));
        }
        return entries;
    }

    /** The record value of an entry with its placeholders replaced; {@code values} must hold every one used. */
    static byte[] value(Entry entry, Map<String, String> values) {
        return substitute(read(entry.file()), values);
    }

    /** The record key of an entry, {@code null} for {@code <null>}. */
    static byte[] key(Entry entry, Map<String, String> values) {
        return NULL_KEY.equals(entry.key())
                ? null : substitute(entry.key().getBytes(StandardCharsets.ISO_8859_1), values);
    }

    private static byte[] substitute(byte[] template, Map<String, String> values) {
        String text = new String(template, StandardCharsets.ISO_8859_1);
        Matcher names = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (names.find()) {
            String value = values.get(names.group(1));
            if (value == null) {
                throw new IllegalArgumentException("no value for placeholder " + names.group());
            }
            names.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        names.appendTail(out);
        text = out.toString();
        Matcher pad = PAD.matcher(text);
        if (pad.find()) {
            int size = Integer.parseInt(pad.group(1));
            int rest = text.length() - pad.group().length();
            text = text.substring(0, pad.start()) + "x".repeat(size - rest) + text.substring(pad.end());
        }
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] read(String name) {
        try (InputStream in = HostileCorpus.class.getResourceAsStream("/hostile/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no corpus file hostile/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
