package dev.tally.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The codec against {@link ReferenceCodec}, the codec as it was before reading, fingerprinting and writing were made
 * cheaper: tens of thousands of generated records ({@link CodecSamples}: every command type, valid and broken in
 * every field, hostile text and integers, duplicates, unknown fields, escapes, damaged bytes) must be read into
 * equal records with byte-identical fingerprints, and generated results of every type written to identical bytes.
 * Fingerprints are stored with decisions and compared on every retry, and clients parse the results, so any
 * difference here would be a contract change. The samples are seeded: a failure reproduces. The contract examples
 * and the worker's hostile-input corpus are read too, whole, cut short and damaged. (The field tests check their
 * own records against the reference codec as well, through {@link WireJson}.)
 */
class CodecEquivalenceTests {

    private static final int RECORDS_PER_SEED = 4_000;

    // Reports malformed input, as WireCodec's decoder does; used by one test thread at a time.
    private static final CharsetDecoder UTF_8 = StandardCharsets.UTF_8.newDecoder();

    private enum Kind { VALID, INVALID, DEAD_LETTER }

    @Test
    void readsGeneratedRecordsAsTheReferenceCodecDid() {
        // Proves the same reading for every generated record, and that the sample is not lopsided: each outcome is
        // a good share of it, and most valid commands are read by the direct path (which the rest must not reach).
        Map<Kind, Integer> kinds = new EnumMap<>(Kind.class);
        int direct = 0;
        for (long seed = 1; seed <= 5; seed++) {
            CodecSamples samples = new CodecSamples(new Random(seed));
            for (int i = 0; i < RECORDS_PER_SEED; i++) {
                byte[] value = samples.anyCommand();
                ParsedRecord parsed = SameAsReference.parse(value);
                kinds.merge(kind(parsed), 1, Integer::sum);
                ParsedRecord.Valid read = value.length > WireCodec.MAX_COMMAND_BYTES ? null
                        : DirectCommandReading.readValid(value);
                if (read != null) {
                    direct++;
                    if (!read.equals(parsed)) {
                        assertThat(read).as(SameAsReference.describe(value)).isEqualTo(parsed);
                    }
                }
                if (parsed instanceof ParsedRecord.Invalid invalid) {
                    SameAsReference.encode(Result.ofInvalid(invalid, samples.instant()));
                }
            }
        }
        int total = 5 * RECORDS_PER_SEED;
        assertThat(kinds).allSatisfy((kind, count) -> assertThat(count).as(kind.name()).isGreaterThan(total / 10));
        assertThat(kinds).containsOnlyKeys(Kind.values());
        assertThat(direct).isGreaterThan(kinds.get(Kind.VALID) / 2);
    }

    @Test
    void readsEveryCommandTheCodecWritesOnTheDirectPath() {
        // Proves the fast path is the one taken for what clients publish: every command WireCodec.encodeCommand
        // writes, of every type, is read directly, and as the reference codec reads it.
        CodecSamples samples = new CodecSamples(new Random(42));
        for (int i = 0; i < 5_000; i++) {
            byte[] value = samples.validCommand();
            ParsedRecord parsed = SameAsReference.parse(value);
            assertThat(parsed).isInstanceOf(ParsedRecord.Valid.class);
            assertThat(DirectCommandReading.readValid(value)).as(SameAsReference.describe(value)).isEqualTo(parsed);
        }
        for (int i = 0; i < 1_000; i++) {
            assertThat(DirectCommandReading.readValid(samples.typicalTransfer())).isNotNull();
        }
    }

    @Test
    void readsTheContractExamplesAndTheirDamagedCopiesAsTheReferenceCodecDid() throws Exception {
        // Proves the same reading of the examples of DESIGN.md and of the AsyncAPI document, of each cut at every
        // length, and of many copies damaged at random; and the same bytes for their results written again.
        JsonNode messages = asyncApi().at("/components/messages");
        List<byte[]> commands = new ArrayList<>();
        for (JsonNode example : messages.at("/command/examples")) {
            commands.add(JsonMapper.builder().build().writeValueAsBytes(example.get("payload")));
        }
        DesignExamplesTests.commandExamples().forEach(example -> commands.add(CodecSamples.utf8(example)));
        assertThat(commands).hasSizeGreaterThan(8);
        for (String example : DesignExamplesTests.resultExamples()) {
            SameAsReference.encode(WireCodec.decodeResult(CodecSamples.utf8(example)));
        }
        CodecSamples samples = new CodecSamples(new Random(7));
        for (byte[] command : commands) {
            assertThat(SameAsReference.parse(command)).isInstanceOf(ParsedRecord.Valid.class);
            for (int length = 0; length < command.length; length++) {
                SameAsReference.parse(java.util.Arrays.copyOf(command, length));
            }
            for (int i = 0; i < 500; i++) {
                SameAsReference.parse(samples.damaged(command));
            }
        }
        for (JsonNode example : messages.at("/result/examples")) {
            byte[] payload = JsonMapper.builder().build().writeValueAsBytes(example.get("payload"));
            SameAsReference.encode(WireCodec.decodeResult(payload));
        }
    }

    @Test
    void readsTheWorkersHostileCorpusAsTheReferenceCodecDid() throws Exception {
        // Proves the same reading of every record of the worker's hostile-input corpus (worker/src/test/resources/
        // hostile, its placeholders filled in as HostileCorpus does), of each cut short, and of damaged copies.
        Path corpus = Path.of("..", "worker", "src", "test", "resources", "hostile");
        assertThat(corpus).as("the worker's hostile corpus, read from the contracts module's directory").isDirectory();
        List<Path> files;
        try (Stream<Path> listed = Files.list(corpus)) {
            files = listed.filter(file -> !file.getFileName().toString().endsWith(".tsv")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(40);
        CodecSamples samples = new CodecSamples(new Random(17));
        for (Path file : files) {
            byte[] value = hostileValue(Files.readAllBytes(file));
            SameAsReference.parse(value);
            if (value.length <= WireCodec.MAX_COMMAND_BYTES) {
                for (int length = 0; length < value.length; length += 1 + value.length / 200) {
                    SameAsReference.parse(java.util.Arrays.copyOf(value, length));
                }
                for (int i = 0; i < 100; i++) {
                    SameAsReference.parse(samples.damaged(value));
                }
            }
        }
    }

    @Test
    void deadLettersCommandsInOtherUnicodeEncodingsAsTheReferenceCodecDid() {
        // Proves a valid command written in UTF-16 or UTF-32 (whose ASCII is valid UTF-8 too, with zero bytes
        // between) is still malformed JSON, as the reference codec reads it: Jackson's byte parser would detect
        // the encoding from the zero bytes and read the command.
        CodecSamples samples = new CodecSamples(new Random(13));
        for (int i = 0; i < 200; i++) {
            String text = new String(samples.validCommand(), StandardCharsets.UTF_8);
            for (String charset : new String[] {"UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE", "UTF-16"}) {
                byte[] value = text.getBytes(java.nio.charset.Charset.forName(charset));
                if (value.length <= WireCodec.MAX_COMMAND_BYTES) {
                    assertThat(SameAsReference.parse(value)).as(charset).isInstanceOf(ParsedRecord.Unusable.class);
                }
            }
        }
    }

    @Test
    void writesGeneratedResultsAsTheReferenceCodecDid() {
        // Proves byte-identical results of every type and status, with nulls, unknown reason codes, replays, long
        // and unusual text, and instants from the year 0 to 9999 and beyond.
        for (long seed = 1; seed <= 5; seed++) {
            CodecSamples samples = new CodecSamples(new Random(seed));
            for (int i = 0; i < RECORDS_PER_SEED; i++) {
                SameAsReference.encode(samples.anyResult());
                SameAsReference.encode(samples.typicalResult().withReplay(i % 7 == 0));
            }
        }
    }

    @Test
    void writesInstantsAsTheFormatterDid() {
        // Proves the instants written digit by digit are the formatter's, milliseconds cut rather than rounded,
        // across the four-digit years, their edges and the years beyond, where the formatter still writes them.
        CodecSamples samples = new CodecSamples(new Random(3));
        CommandId id = CommandId.random();
        for (int i = 0; i < 50_000; i++) {
            SameAsReference.encode(new CloseAccountResult(id, Status.APPLIED, null, null, false,
                    new AccountId("a"), samples.instant()));
        }
    }

    @Test
    void checksUtf8AsTheJdkDecoderDoes() {
        // Proves the strict check agrees with the JDK's decoder on every sequence of one or two bytes, and on longer
        // ones with every first two bytes and the later ones on each side of every boundary (a later byte is only
        // ever a continuation byte or not), at the end of the input and before more text; and on random bytes.
        byte[] edges = {0x00, 0x7F, (byte) 0x80, (byte) 0x8F, (byte) 0x90, (byte) 0x9F, (byte) 0xA0, (byte) 0xBF,
                (byte) 0xC0, (byte) 0xFF, 'a'};
        for (int first = 0; first < 256; first++) {
            assertSameUtf8Judgement((byte) first);
            for (int second = 0; second < 256; second++) {
                assertSameUtf8Judgement((byte) first, (byte) second);
                if (first >= 0xE0 && first <= 0xEF) {
                    for (byte third : edges) {
                        assertSameUtf8Judgement((byte) first, (byte) second, third);
                    }
                }
                if (first >= 0xF0) {
                    for (byte third : edges) {
                        for (byte fourth : edges) {
                            assertSameUtf8Judgement((byte) first, (byte) second, third, fourth);
                        }
                    }
                }
            }
        }
        Random random = new Random(11);
        for (int i = 0; i < 100_000; i++) {
            byte[] bytes = new byte[random.nextInt(12)];
            for (int j = 0; j < bytes.length; j++) {
                bytes[j] = (byte) (random.nextInt(3) == 0 ? random.nextInt(256) : 0x80 + random.nextInt(0x80));
            }
            assertSameUtf8Judgement(bytes);
        }
    }

    @Test
    void checksCommandIdsAsTheRegularExpressionDid() {
        // Proves the hand-written check accepts exactly what the pattern accepted: each character of a UUID replaced
        // by every character up to U+02FF and some beyond, and random strings of around 36 characters.
        String uuid = "0b6f3f0e-8d5a-4f4e-9a53-3c1f0e2d9b1F";
        for (int at = 0; at < uuid.length(); at++) {
            for (int c = 0; c < 0x300; c++) {
                assertSameIdJudgement(uuid.substring(0, at) + (char) c + uuid.substring(at + 1));
            }
            for (char c : new char[] {'\u0660', '\uff10', '\uff41', '\u2010', '\ud800'}) {
                assertSameIdJudgement(uuid.substring(0, at) + c + uuid.substring(at + 1));
            }
        }
        Random random = new Random(5);
        String alphabet = "0123456789abcdefABCDEFgG- ";
        for (int i = 0; i < 50_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = 34 + random.nextInt(5);
            for (int j = 0; j < length; j++) {
                text.append(random.nextInt(4) == 0 ? alphabet.charAt(random.nextInt(alphabet.length()))
                        : uuid.charAt(j % uuid.length()));
            }
            assertSameIdJudgement(text.toString());
        }
        assertSameIdJudgement(null);
        assertSameIdJudgement("");
    }

    @Test
    void checksReferencesAsBefore() {
        // Proves the one-pass check of a reference agrees with the code-point stream it replaces: NUL, unpaired
        // surrogates anywhere, and lengths around 256 code points counted with surrogate pairs.
        CodecSamples samples = new CodecSamples(new Random(9));
        Random random = new Random(10);
        for (int i = 0; i < 50_000; i++) {
            String text = samples.text(random.nextInt(4) == 0 ? 250 + random.nextInt(270) : random.nextInt(20));
            if (Money.isValidReference(text) != ReferenceCodec.isValidReference(text)) {
                assertThat(Money.isValidReference(text)).as(SameAsReference.describe(CodecSamples.utf8(text)))
                        .isEqualTo(ReferenceCodec.isValidReference(text));
            }
        }
        for (String text : new String[] {"", "\ud800", "\udc00", "a\ud800", "\ud800\udc00", "\udc00\ud800",
                "x".repeat(256), "x".repeat(257), "\ud83d\ude00".repeat(256), "\ud83d\ude00".repeat(256) + "x",
                "\ud83d".repeat(256)}) {
            assertThat(Money.isValidReference(text)).isEqualTo(ReferenceCodec.isValidReference(text));
        }
    }

    private static Kind kind(ParsedRecord parsed) {
        return parsed instanceof ParsedRecord.Valid ? Kind.VALID
                : parsed instanceof ParsedRecord.Invalid ? Kind.INVALID : Kind.DEAD_LETTER;
    }

    private static void assertSameUtf8Judgement(byte... bytes) {
        boolean decodes;
        try {
            // decode(ByteBuffer) resets the decoder first, so one serves every call.
            UTF_8.decode(ByteBuffer.wrap(bytes));
            decodes = true;
        } catch (CharacterCodingException e) {
            decodes = false;
        }
        byte[] followed = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        followed[bytes.length] = 'x';
        // Asserted only on a difference: this runs for over a million byte sequences.
        if (StrictUtf8.isValid(bytes) != decodes || StrictUtf8.isValid(followed) != decodes) {
            assertThat(StrictUtf8.isValid(bytes)).as(SameAsReference.describe(bytes)).isEqualTo(decodes);
            assertThat(StrictUtf8.isValid(followed)).as(SameAsReference.describe(followed)).isEqualTo(decodes);
        }
    }

    private static void assertSameIdJudgement(String text) {
        if (CommandId.isValid(text) != ReferenceCodec.isValidCommandId(text)) {
            assertThat(CommandId.isValid(text)).as(text).isEqualTo(ReferenceCodec.isValidCommandId(text));
        }
    }

    /** A corpus file with its placeholders filled in: ids and accounts, and {@code PAD_TO:N} as N bytes in all. */
    private static byte[] hostileValue(byte[] template) {
        String text = new String(template, StandardCharsets.ISO_8859_1)
                .replace("${ID}", "0b6f3f0e-8d5a-4f4e-9a53-3c1f0e2d9b11")
                .replace("${PREV_ID}", "5d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b0a")
                .replace("${ID_NO_DASHES}", "0b6f3f0e8d5a4f4e9a533c1f0e2d9b11")
                .replace("${PAYER}", "payer-1").replace("${PAYEE}", "payee-1").replace("${FULL}", "full-1")
                .replace("${GHOST}", "ghost-1").replace("${NEW_ACCOUNT}", "new-1");
        Matcher pad = Pattern.compile("\\$\\{PAD_TO:(\\d+)}").matcher(text);
        if (pad.find()) {
            int rest = text.length() - pad.group().length();
            text = text.substring(0, pad.start()) + "x".repeat(Integer.parseInt(pad.group(1)) - rest)
                    + text.substring(pad.end());
        }
        assertThat(text).as("every placeholder filled in").doesNotContain("${");
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static JsonNode asyncApi() throws Exception {
        ObjectMapper yaml = YAMLMapper.builder().build();
        try (InputStream in = CodecEquivalenceTests.class.getResourceAsStream("/tally/v1/asyncapi.yaml")) {
            assertThat(in).as("asyncapi.yaml on the class path").isNotNull();
            return yaml.readTree(in);
        }
    }
}
