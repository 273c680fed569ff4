// Above 300 lines: the codec's entry points and the field rules both parsers share, in one place so that every command reads its fields alike.
package dev.tally.contracts;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON codec of contract v1 (and v1.1), used by the worker, the client library and the tests alike.
 * Thread-safe; all methods are static.
 *
 * <p>Reading a command never throws: every byte sequence becomes a {@link ParsedRecord}. Field rules are checked in
 * the order the fields are documented, and the first broken one is named in the detail. A valid command is read
 * straight from the bytes by {@link DirectCommandReading}; any other record through a tree, here and, for the v1.1
 * commands, by {@link HoldAndLinkParsing}. Commands are written and results read by {@link WireEncoding}, results
 * written by {@link ResultWriting}.
 */
public final class WireCodec {

    /** The largest command value, in bytes; a larger record is dead-lettered as {@code TOO_LARGE} unparsed. */
    public static final int MAX_COMMAND_BYTES = 64 * 1024;

    private static final BigInteger MAX_LONG = BigInteger.valueOf(Long.MAX_VALUE);
    private static final int MAX_ECHO_LENGTH = 64;

    // Duplicate field names are refused: {"amount":1,"amount":1000000} must not mean whichever a parser keeps.
    // Numbers and names may be as long as a whole command: Jackson's defaults (1,000 digits, 50,000 characters)
    // would dead-letter a command with a usable id and type, which must get a result instead (INVALID_COMMAND for
    // an amount of 1,001 digits, say).
    static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNumberLength(MAX_COMMAND_BYTES)
                            .maxNameLength(MAX_COMMAND_BYTES)
                            .build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private WireCodec() {
    }

    // ---------------------------------------------------------------------------------------------------- commands

    /**
     * Reads one record value of the commands topic. Never throws and never returns {@code null}.
     *
     * @param value the record's value; {@code null} (a tombstone) is not a command
     */
    public static ParsedRecord parseCommand(byte[] value) {
        if (value == null || value.length == 0) {
            return new ParsedRecord.Unusable(DeadLetterReason.MALFORMED_JSON, "the record has no value");
        }
        if (value.length > MAX_COMMAND_BYTES) {
            return new ParsedRecord.Unusable(DeadLetterReason.TOO_LARGE,
                    "the value is " + value.length + " bytes; a command is at most " + MAX_COMMAND_BYTES + " bytes");
        }
        // Nearly every record is a valid command: read in one pass over its bytes, it needs neither of the steps
        // below. Anything else is left to them, so that every rejection is worded and fingerprinted as always.
        ParsedRecord.Valid valid = DirectCommandReading.readValid(value);
        if (valid != null) {
            return valid;
        }
        // Checked strictly here rather than by Jackson, which accepts overlong forms (0xC1 0xA1 as "a"), code points
        // above U+10FFFF, and UTF-16 or UTF-32 text it detects by itself; none of those is UTF-8. StrictUtf8 judges
        // as the JDK's reporting decoder does, and bytes that pass it decode to the same text with new String.
        if (!StrictUtf8.isValid(value)) {
            return new ParsedRecord.Unusable(DeadLetterReason.MALFORMED_JSON, "the value is not valid UTF-8");
        }
        String text = new String(value, StandardCharsets.UTF_8);
        // RFC 8259 lets a parser ignore a byte order mark; Jackson ignores one in bytes, and so does the contract.
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        JsonNode root;
        try {
            root = readTree(MAPPER.createParser(text));
        } catch (JacksonException e) {
            return new ParsedRecord.Unusable(DeadLetterReason.MALFORMED_JSON,
                    "the value is not valid JSON: " + firstLine(e.getOriginalMessage()));
        }
        if (root == null || root.isMissingNode()) {
            return new ParsedRecord.Unusable(DeadLetterReason.MALFORMED_JSON, "the value holds no JSON document");
        }
        if (!root.isObject()) {
            return new ParsedRecord.Unusable(DeadLetterReason.NOT_AN_OBJECT,
                    "the value is a JSON " + kind(root) + ", not an object");
        }
        JsonNode idNode = root.get("id");
        if (idNode == null || idNode.isNull()) {
            return new ParsedRecord.Unusable(DeadLetterReason.MISSING_ID, "the command has no id");
        }
        if (!idNode.isString() || !CommandId.isValid(idNode.stringValue())) {
            return new ParsedRecord.Unusable(DeadLetterReason.MISSING_ID,
                    "id must be a UUID string in 8-4-4-4-12 hexadecimal form");
        }
        CommandId id = CommandId.parse(idNode.stringValue());
        JsonNode typeNode = root.get("type");
        if (typeNode == null || typeNode.isNull()) {
            return new ParsedRecord.Unusable(DeadLetterReason.UNKNOWN_TYPE, "command " + id + " has no type");
        }
        CommandType type = typeNode.isString() ? CommandType.fromWireOrNull(typeNode.stringValue()) : null;
        if (type == null) {
            return new ParsedRecord.Unusable(DeadLetterReason.UNKNOWN_TYPE, "command " + id + " has type "
                    + echo(typeNode) + "; contract v1.1 knows transfer, open_account, post_pending, void_pending, "
                    + "linked_transfers and close_account");
        }
        return switch (type) {
            case TRANSFER -> parseTransfer(id, root);
            case OPEN_ACCOUNT -> parseOpenAccount(id, root);
            case POST_PENDING -> HoldAndLinkParsing.parsePostPending(id, root);
            case VOID_PENDING -> HoldAndLinkParsing.parseVoidPending(id, root);
            case LINKED_TRANSFERS -> HoldAndLinkParsing.parseLinkedTransfers(id, root);
            case CLOSE_ACCOUNT -> HoldAndLinkParsing.parseCloseAccount(id, root);
        };
    }

    private static ParsedRecord parseTransfer(CommandId id, JsonNode root) {
        JsonNode debit = root.get("debit_account_id");
        JsonNode credit = root.get("credit_account_id");
        JsonNode amount = root.get("amount");
        JsonNode currency = root.get("currency");
        JsonNode reference = root.get("reference");
        JsonNode pending = root.get("pending");
        JsonNode timeout = root.get("timeout_seconds");

        String problem = accountIdProblem("debit_account_id", debit);
        if (problem == null) {
            problem = accountIdProblem("credit_account_id", credit);
        }
        Reason reason = Reason.INVALID_COMMAND;
        if (problem == null) {
            if (amount != null && amount.isIntegralNumber() && amount.bigIntegerValue().signum() <= 0) {
                reason = Reason.INVALID_AMOUNT;
                problem = "amount must be at least 1 minor unit, was " + integerText(amount);
            } else {
                problem = positiveLongProblem("amount", amount, true);
            }
        }
        if (problem == null) {
            problem = currencyProblem(currency);
        }
        if (problem == null) {
            problem = referenceProblem(reference);
        }
        if (problem == null) {
            problem = HoldAndLinkParsing.holdProblem(pending, timeout);
        }
        if (problem != null) {
            // The fields' text is only needed to fingerprint an invalid command; a valid one has its own form.
            String canonical = canonical("transfer", "debit_account_id", debit, "credit_account_id", credit,
                    "amount", amount, "currency", currency, "reference", reference);
            if (!isAbsent(pending) || !isAbsent(timeout)) {
                // Only v1.1 commands carry these, so a v1 command's form (and its stored fingerprint) is unchanged.
                canonical += canonical("", "pending", pending, "timeout_seconds", timeout);
            }
            return new ParsedRecord.Invalid(id, CommandType.TRANSFER, reason, problem, canonical);
        }
        return new ParsedRecord.Valid(new Transfer(id, new AccountId(debit.stringValue()),
                new AccountId(credit.stringValue()), amount.longValue(), currency.stringValue(),
                isAbsent(reference) ? null : reference.stringValue(), !isAbsent(pending) && pending.booleanValue(),
                isAbsent(timeout) ? null : timeout.longValue()));
    }

    private static ParsedRecord parseOpenAccount(CommandId id, JsonNode root) {
        JsonNode account = root.get("account_id");
        JsonNode currency = root.get("currency");
        JsonNode limit = root.get("overdraft_limit");
        JsonNode unbounded = root.get("unbounded");
        JsonNode owner = root.get("owner");

        String problem = accountIdProblem("account_id", account);
        if (problem == null) {
            problem = currencyProblem(currency);
        }
        boolean isUnbounded = false;
        if (problem == null && !isAbsent(unbounded)) {
            if (unbounded.isBoolean()) {
                isUnbounded = unbounded.booleanValue();
            } else {
                problem = "unbounded must be true or false";
            }
        }
        if (problem == null && !isAbsent(limit)) {
            if (isUnbounded) {
                problem = "overdraft_limit must be absent when unbounded is true";
            } else if (limit.isIntegralNumber() && limit.bigIntegerValue().signum() < 0) {
                problem = "overdraft_limit must be >= 0, was " + integerText(limit)
                        + " (an account without a floor is opened with \"unbounded\": true)";
            } else {
                problem = positiveLongProblem("overdraft_limit", limit, false);
            }
        }
        if (problem == null && !isAbsent(owner)
                && (!owner.isString() || !ClientTopics.isValidName(owner.stringValue()))) {
            problem = "owner must be a client name: " + ClientTopics.NAME.pattern();
        }
        if (problem != null) {
            String canonical = canonical("open_account", "account_id", account, "currency", currency,
                    "overdraft_limit", limit, "unbounded", unbounded);
            if (!isAbsent(owner)) {
                // Only v1.2 openings carry an owner, so an older opening's form (and stored fingerprint) is unchanged.
                canonical += canonical("", "owner", owner);
            }
            return new ParsedRecord.Invalid(id, CommandType.OPEN_ACCOUNT, Reason.INVALID_COMMAND, problem, canonical);
        }
        AccountId accountId = new AccountId(account.stringValue());
        OpenAccount open = isUnbounded
                ? OpenAccount.unbounded(id, accountId, currency.stringValue())
                : OpenAccount.bounded(id, accountId, currency.stringValue(), isAbsent(limit) ? 0 : limit.longValue());
        return new ParsedRecord.Valid(isAbsent(owner) ? open : open.ownedBy(owner.stringValue()));
    }

    /** Writes a command as contract v1 (v1.1 for its new commands and fields) JSON (UTF-8). */
    public static byte[] encodeCommand(Command command) {
        return WireEncoding.encodeCommand(command);
    }

    // ----------------------------------------------------------------------------------------------------- results

    /** Writes a result as contract v1 JSON (UTF-8); v1.1 fields are written only on the results that have them. */
    public static byte[] encodeResult(Result result) {
        return ResultWriting.encode(result);
    }

    /**
     * Reads a result strictly, as the worker's own checks do: a reason code this version does not know is an error.
     * Unknown fields are ignored.
     *
     * @throws IllegalArgumentException when the value is not a contract v1 result; the message names the field
     */
    public static Result decodeResult(byte[] value) {
        return WireEncoding.decodeResult(value, false);
    }

    /**
     * Reads a result as a client does: like {@link #decodeResult}, except that a reason code this version does not
     * know (a newer worker may add codes) is kept as text in {@link Result#reasonCode()}, with
     * {@link Result#reason()} {@code null}. The code must still look like one: 1 to 64 characters from
     * {@code A-Z 0-9 _}.
     *
     * @throws IllegalArgumentException when the value is not a contract result; the message names the field
     */
    public static Result decodeResultLeniently(byte[] value) {
        return WireEncoding.decodeResult(value, true);
    }

    /**
     * Reads one JSON document and closes the parser. An integer of more than 19 digits is not converted: it stays
     * an out-of-range stand-in with its exact text ({@link BoundedIntegerParser}), so a record of 64 KiB of digits
     * costs no more than any other record of that size. {@code null} when the text holds no document.
     */
    static JsonNode readTree(JsonParser parser) {
        try (JsonParser bounded = new BoundedIntegerParser(parser)) {
            return MAPPER.readTree(bounded);
        }
    }

    // ----------------------------------------------------------------------------------------------- field rules

    static String accountIdProblem(String field, JsonNode node) {
        if (isAbsent(node)) {
            return field + " is missing";
        }
        if (!node.isString()) {
            return field + " must be a string";
        }
        return AccountId.isValid(node.stringValue()) ? null : field + " must be " + AccountId.RULE;
    }

    static String positiveLongProblem(String field, JsonNode node, boolean required) {
        if (isAbsent(node)) {
            return required ? field + " is missing" : null;
        }
        if (!node.isIntegralNumber()) {
            return field + " must be a JSON integer (minor units), not " + kind(node);
        }
        if (node.bigIntegerValue().compareTo(MAX_LONG) > 0) {
            return field + " must be at most " + Long.MAX_VALUE;
        }
        return null;
    }

    static String currencyProblem(JsonNode node) {
        if (isAbsent(node)) {
            return "currency is missing";
        }
        if (!node.isString() || !Money.isValidCurrency(node.stringValue())) {
            return "currency must be three upper-case letters (ISO 4217), such as EUR";
        }
        return null;
    }

    static String referenceProblem(JsonNode node) {
        if (isAbsent(node)) {
            return null;
        }
        if (!node.isString()) {
            return "reference must be a string";
        }
        return Money.isValidReference(node.stringValue())
                ? null : "reference must be at most " + Money.MAX_REFERENCE_LENGTH
                        + " characters of Unicode text, without NUL";
    }

    /** Optional fields may be absent or {@code null}, with the same meaning. */
    static boolean isAbsent(JsonNode node) {
        return node == null || node.isNull();
    }

    /** The known fields as written (JSON text), unknown ones left out, so that equal commands give equal text. */
    static String canonical(String type, Object... namesAndNodes) {
        StringBuilder text = new StringBuilder(type);
        for (int i = 0; i < namesAndNodes.length; i += 2) {
            JsonNode node = (JsonNode) namesAndNodes[i + 1];
            text.append('\n').append(namesAndNodes[i]).append('=').append(isAbsent(node) ? "" : node.toString());
        }
        return text.toString();
    }

    static String kind(JsonNode node) {
        if (node.isArray()) {
            return "array";
        }
        if (node.isString()) {
            return "string";
        }
        if (node.isNumber()) {
            return node.isIntegralNumber() ? "integer" : "fractional number";
        }
        if (node.isBoolean()) {
            return "boolean";
        }
        return node.isNull() ? "null" : "object";
    }

    /** An integer for a detail, cut short: it came from an untrusted record and may have thousands of digits. */
    static String integerText(JsonNode node) {
        String text = node.bigIntegerValue().toString();
        return text.length() > MAX_ECHO_LENGTH ? text.substring(0, MAX_ECHO_LENGTH) + "..." : text;
    }

    /** A value quoted for a detail: printable ASCII only and cut short, since it came from an untrusted record. */
    static String echo(JsonNode node) {
        String text = node.isString() ? node.stringValue() : node.toString();
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length() && i < MAX_ECHO_LENGTH; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? c : '?');
        }
        return out.append(text.length() > MAX_ECHO_LENGTH ? "...\"" : "\"").toString();
    }

    static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int end = message.indexOf('\n');
        String line = end < 0 ? message : message.substring(0, end);
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
