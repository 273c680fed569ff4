package dev.tally.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The AsyncAPI document shipped beside the JSON Schemas describes the contract the code implements: it is AsyncAPI
 * 3.0 with the three topics, every {@code $ref} in it (and in the schema files it reaches) resolves, and what the
 * code knows — every {@link CommandType}, every {@link Reason}, every field of every {@link Result} record, every
 * {@link DeadLetterReason} and {@link Headers} name — appears in it. The lists come from the code, not from a copy,
 * so a type, reason or field added to the contract without the document fails here.
 */
class AsyncApiDocumentTests {

    private static final String DIRECTORY = "/tally/v1/";
    private static final String DOCUMENT = "asyncapi.yaml";

    private static final ObjectMapper YAML = YAMLMapper.builder().build();
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Map<String, JsonNode> files = new HashMap<>();

    @Test
    void isAnAsyncApi3DocumentForTheThreeTopicsOfTheContract() {
        JsonNode document = file(DOCUMENT);
        assertThat(document.get("asyncapi").stringValue()).isEqualTo("3.0.0");

        Map<String, String> addresses = new HashMap<>();
        document.get("channels").properties().forEach(channel -> {
            String address = channel.getValue().get("address").stringValue();
            addresses.put(channel.getKey(), address);
            assertThat(channel.getValue().at("/bindings/kafka/topic").stringValue()).as(channel.getKey())
                    .isEqualTo(address);
        });
        assertThat(addresses).containsExactlyInAnyOrderEntriesOf(Map.of("commands", Topics.COMMANDS,
                "results", Topics.RESULTS, "deadLetters", Topics.DEAD_LETTERS));
        assertThat(document.at("/operations/decideCommands/bindings/kafka/groupId/const").stringValue())
                .isEqualTo("tally-worker");
    }

    @Test
    void resolvesEveryReferenceIncludingThoseIntoTheSchemaFiles() {
        Reached reached = walk(DOCUMENT, file(DOCUMENT));

        // Every $ref met on the way was resolved (walk fails on the first that is not); these are the ones that
        // reach the shipped schemas, which the messages must use rather than copies.
        assertThat(reached.references).contains("command.schema.json#", "result.schema.json#",
                "command.schema.json#/$defs/account_id", "result.schema.json#/$defs/command_id",
                "command.schema.json#/$defs/transfer", "result.schema.json#/$defs/reason");
        assertThat(reached.references).allSatisfy(reference -> assertThat(reference).doesNotStartWith("http"));
    }

    @Test
    void everyCommandTypeIsACommandMessageOfTheCommandsTopic() {
        Reached commands = walk(DOCUMENT, file(DOCUMENT).at("/channels/commands"));

        for (CommandType type : CommandType.values()) {
            assertThat(commands.constants).as("command type %s", type).contains(type.wireName());
        }
    }

    @Test
    void everyReasonCodeAndResultFieldIsInTheResultsTopic() {
        Reached results = walk(DOCUMENT, file(DOCUMENT).at("/channels/results"));

        for (Reason reason : Reason.values()) {
            assertThat(results.constants).as("reason %s", reason).contains(reason.code());
        }
        for (Status status : Status.values()) {
            assertThat(results.constants).as("status %s", status).contains(status.name());
        }
        List<String> fields = new ArrayList<>(List.of("type"));
        for (Class<?> resultType : records(Result.class)) {
            for (RecordComponent component : resultType.getRecordComponents()) {
                if (component.getName().equals("reasonCode")) {
                    continue; // the wire's "reason", kept as text by a lenient client
                }
                fields.add(snakeCase(component.getName()));
            }
        }
        assertThat(fields).contains("id", "status", "reason", "replay", "decided_at", "debit_balance");
        assertThat(results.properties).containsAll(fields);
    }

    @Test
    void deadLettersCarryEveryHeaderAndReasonOfTheContract() throws IllegalAccessException {
        Reached deadLetters = walk(DOCUMENT, file(DOCUMENT).at("/channels/deadLetters"));
        JsonNode headers = resolve(DOCUMENT, file(DOCUMENT).at("/components/messages/deadLetter/headers"));

        List<String> names = new ArrayList<>();
        for (Field field : Headers.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                names.add((String) field.get(null));
            }
        }
        assertThat(names).contains(Headers.DLT_REASON, Headers.DLT_DETAIL);
        assertThat(deadLetters.properties).containsAll(names);
        assertThat(strings(headers.get("required"))).containsExactlyInAnyOrderElementsOf(names);

        List<String> codes = Arrays.stream(DeadLetterReason.values()).map(DeadLetterReason::code).toList();
        assertThat(strings(headers.at("/properties/" + Headers.DLT_REASON + "/enum")))
                .containsExactlyInAnyOrderElementsOf(codes);
    }

    @Test
    void commandsAndResultsAreKeyedAsTheContractSaysAndCarryTheTraceContext() {
        JsonNode messages = file(DOCUMENT).at("/components/messages");
        assertThat(messages.at("/command/bindings/kafka/key/$ref").stringValue())
                .isEqualTo("./command.schema.json#/$defs/account_id");
        assertThat(messages.at("/result/bindings/kafka/key/$ref").stringValue())
                .isEqualTo("./result.schema.json#/$defs/command_id");
        for (String message : List.of("command", "result", "deadLetter")) {
            JsonNode headers = resolve(DOCUMENT, messages.get(message).get("headers"));
            assertThat(headers.at("/properties/traceparent").isMissingNode()).as(message).isFalse();
        }
    }

    @Test
    void everyExampleIsWhatTheCodecReadsAndWrites() {
        JsonNode messages = file(DOCUMENT).at("/components/messages");
        List<CommandType> commandTypes = new ArrayList<>();
        for (JsonNode example : messages.at("/command/examples")) {
            ParsedRecord parsed = WireCodec.parseCommand(bytes(example.get("payload")));
            assertThat(parsed).as(example.get("name").stringValue()).isInstanceOf(ParsedRecord.Valid.class);
            commandTypes.add(((ParsedRecord.Valid) parsed).command().type());
        }
        assertThat(commandTypes).contains(CommandType.TRANSFER, CommandType.OPEN_ACCOUNT);
        for (JsonNode example : messages.at("/result/examples")) {
            Result result = WireCodec.decodeResult(bytes(example.get("payload")));
            assertThat(result.id().toString()).isEqualTo(example.at("/payload/id").stringValue());
            assertThat(result.status().name()).isEqualTo(example.at("/payload/status").stringValue());
        }
    }

    /** What can be reached from a node, following every {@code $ref} (each one must resolve). */
    private static final class Reached {
        final Set<String> references = new LinkedHashSet<>();
        final Set<String> properties = new LinkedHashSet<>();
        final Set<String> constants = new LinkedHashSet<>();
    }

    private Reached walk(String file, JsonNode start) {
        Reached reached = new Reached();
        walk(file, start, reached);
        return reached;
    }

    private void walk(String file, JsonNode node, Reached reached) {
        if (node.isArray()) {
            node.forEach(element -> walk(file, element, reached));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        JsonNode reference = node.get("$ref");
        if (reference != null && reference.isString()) {
            Target target = target(file, reference.stringValue());
            if (reached.references.add(target.file() + "#" + target.pointer())) {
                walk(target.file(), target.node(), reached);
            }
        }
        JsonNode constant = node.get("const");
        if (constant != null && constant.isString()) {
            reached.constants.add(constant.stringValue());
        }
        JsonNode enumeration = node.get("enum");
        if (enumeration != null && enumeration.isArray()) {
            reached.constants.addAll(strings(enumeration));
        }
        JsonNode properties = node.get("properties");
        if (properties != null && properties.isObject()) {
            reached.properties.addAll(properties.propertyNames());
        }
        node.properties().forEach(entry -> walk(file, entry.getValue(), reached));
    }

    /** The node itself, or what its {@code $ref} points at. */
    private JsonNode resolve(String file, JsonNode node) {
        JsonNode reference = node.get("$ref");
        return reference == null ? node : target(file, reference.stringValue()).node();
    }

    private record Target(String file, String pointer, JsonNode node) {
    }

    /** Resolves a reference found in {@code file}: {@code ./other.json#/pointer}, {@code #/pointer} or a file. */
    private Target target(String file, String reference) {
        int hash = reference.indexOf('#');
        String path = hash < 0 ? reference : reference.substring(0, hash);
        String pointer = hash < 0 ? "" : reference.substring(hash + 1);
        String targetFile = path.isEmpty() ? file : path.replaceFirst("^\\./", "");
        assertThat(targetFile).as("reference %s in %s stays beside the document", reference, file)
                .doesNotContain("/", ":");
        JsonNode root = file(targetFile);
        JsonNode node = pointer.isEmpty() ? root : root.at(pointer);
        assertThat(node.isMissingNode()).as("reference %s in %s resolves", reference, file).isFalse();
        return new Target(targetFile, pointer, node);
    }

    private JsonNode file(String name) {
        return files.computeIfAbsent(name, missing -> {
            try (InputStream in = AsyncApiDocumentTests.class.getResourceAsStream(DIRECTORY + missing)) {
                assertThat(in).as("%s%s on the class path", DIRECTORY, missing).isNotNull();
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                return (missing.endsWith(".yaml") ? YAML : JSON).readTree(text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static byte[] bytes(JsonNode payload) {
        return JSON.writeValueAsString(payload).getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.isString() ? value.stringValue() : value.toString()));
        return values;
    }

    /** The records that implement a sealed type, through sealed sub-interfaces. */
    private static List<Class<?>> records(Class<?> sealed) {
        List<Class<?>> records = new ArrayList<>();
        for (Class<?> permitted : sealed.getPermittedSubclasses()) {
            if (permitted.isRecord()) {
                records.add(permitted);
            } else {
                assertThat(permitted.isSealed()).as("%s is a record or sealed", permitted.getName()).isTrue();
                records.addAll(records(permitted));
            }
        }
        assertThat(records).as("records implementing %s", sealed.getName()).isNotEmpty();
        return records;
    }

    private static String snakeCase(String camelCase) {
        return camelCase.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
    }
}
