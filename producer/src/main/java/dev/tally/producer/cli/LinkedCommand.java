package dev.tally.producer.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.tally.contracts.CommandId;
import dev.tally.contracts.LinkedTransfers;
import dev.tally.contracts.Money;
import dev.tally.contracts.ParsedRecord;
import dev.tally.contracts.WireCodec;
import dev.tally.producer.client.LedgerCommands;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

@Command(name = "linked", mixinStandardHelpOptions = true,
        description = {"Send linked transfers: 1 to 100 legs decided in order, each seeing the earlier ones' effects, "
                + "and applied all together or not at all. Prints the decision: every leg's balances, or the "
                + "failing leg (from 0) and its reason.",
                "Legs come from repeated --leg or from --legs-file. Exit code 0 when applied, 1 when rejected, 2 on "
                        + "a usage or connection error."})
final class LinkedCommand implements Callable<Integer> {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String LEG_FORM = "FROM,TO,AMOUNT,CURRENCY[,REFERENCE]";

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Legs legs;

    static final class Legs {

        @Option(names = "--leg", paramLabel = LEG_FORM,
                description = "One leg, in order (repeat it): debit and credit account, amount in minor units, "
                        + "currency, and an optional reference (the rest of the text, commas included)")
        List<String> inline;

        @Option(names = "--legs-file", paramLabel = "FILE",
                description = "A JSON file: an array of legs as the contract writes them ({\"debit_account_id\": "
                        + "..., \"credit_account_id\": ..., \"amount\": ..., \"currency\": ..., \"reference\": ...}), "
                        + "or a linked_transfers command whose \"transfers\" are the legs (its id and type are "
                        + "ignored)")
        Path file;
    }

    @Mixin
    DecisionOptions decision;

    @Override
    public Integer call() throws IOException {
        CommandId id = decision.idOrNew();
        LinkedTransfers linked = legs.file != null ? fromFile(id, legs.file) : fromOptions(id, legs.inline);
        return decision.decide(linked, spec.commandLine().getOut());
    }

    static LinkedTransfers fromOptions(CommandId id, List<String> texts) {
        if (texts.size() > LinkedTransfers.MAX_LEGS) {
            throw CliException.usage("--leg is given " + texts.size() + " times; at most " + LinkedTransfers.MAX_LEGS
                    + " legs are allowed");
        }
        List<LinkedTransfers.Leg> parsed = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            parsed.add(leg(i, texts.get(i)));
        }
        return linked(id, parsed, "--leg");
    }

    /** One {@code --leg}; the messages name it by its place (from 1) and text. */
    static LinkedTransfers.Leg leg(int index, String text) {
        String name = "--leg #" + (index + 1);
        String[] parts = text.split(",", 5);
        if (parts.length < 4) {
            throw CliException.usage(name + " must be " + LEG_FORM + ", was '" + text + "'");
        }
        Checks.account(name + " FROM", parts[0]);
        Checks.account(name + " TO", parts[1]);
        long amount;
        try {
            amount = Long.parseLong(parts[2]);
        } catch (NumberFormatException e) {
            throw CliException.usage(name + " AMOUNT must be a whole number of minor units, was '" + parts[2] + "'");
        }
        Checks.positive(name + " AMOUNT", amount);
        Checks.currency(name + " CURRENCY", parts[3]);
        String reference = parts.length == 5 && !parts[4].isEmpty() ? parts[4] : null;
        if (reference != null && !Money.isValidReference(reference)) {
            throw CliException.usage(name + " REFERENCE must be at most " + Money.MAX_REFERENCE_LENGTH + " characters");
        }
        return LedgerCommands.leg(parts[0], parts[1], amount, parts[3], reference);
    }

    /** The legs of a JSON file, read with the contract's own field rules, so its messages name the leg's field. */
    static LinkedTransfers fromFile(CommandId id, Path file) throws IOException {
        if (!Files.isReadable(file)) {
            throw CliException.usage("--legs-file " + file + " cannot be read");
        }
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (JacksonException e) {
            throw CliException.usage("--legs-file " + file + " is not JSON: " + e.getOriginalMessage());
        }
        JsonNode legNodes = root != null && root.isObject() ? root.get("transfers") : root;
        if (legNodes == null || !legNodes.isArray()) {
            throw CliException.usage("--legs-file " + file + " must hold an array of legs, or an object whose "
                    + "\"transfers\" is one");
        }
        ObjectNode command = JSON.createObjectNode();
        command.put("type", "linked_transfers");
        command.put("id", id.toString());
        command.set("transfers", legNodes);
        ParsedRecord parsed = WireCodec.parseCommand(JSON.writeValueAsBytes(command));
        if (parsed instanceof ParsedRecord.Valid valid && valid.command() instanceof LinkedTransfers linked) {
            return linked(id, linked.legs(), "--legs-file " + file);
        }
        String problem = parsed instanceof ParsedRecord.Invalid invalid ? invalid.detail()
                : ((ParsedRecord.Unusable) parsed).detail();
        throw CliException.usage("--legs-file " + file + ": " + problem);
    }

    private static LinkedTransfers linked(CommandId id, List<LinkedTransfers.Leg> legs, String source) {
        try {
            return LedgerCommands.linked(id, legs);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(source + ": " + e.getMessage());
        }
    }
}
