package dev.tally.contracts;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The codec as it was before its per-record work was made cheaper (commit 8577966), kept verbatim so that tests
 * ({@link SameAsReference}) and {@link CodecBenchmark} can compare the codec with it: reading a command (a strictly
 * decoded copy of the text, read into a tree; the fingerprint text of an invalid command from
 * {@code JsonNode.toString()} of each known field), the fingerprint ({@code MessageDigest.getInstance} per call) and
 * writing a result (an {@code ObjectNode} tree, then serialised). The field rules it relies on that were rewritten
 * ({@link CommandId#isValid}, {@link Money#isValidReference}) are copied, and so is {@link AccountId#isValid}, so
 * that a change of theirs shows as a difference; it shares with the codec what that work left alone: the records,
 * {@link BoundedIntegerParser} and each command's {@code canonicalFields()}. Do not improve this class: its worth is
 * that it does not change.
 */
final class ReferenceCodec {

    static final int MAX_COMMAND_BYTES = 64 * 1024;

    private static final BigInteger MAX_LONG = BigInteger.valueOf(Long.MAX_VALUE);
    private static final int MAX_ECHO_LENGTH = 64;

    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNumberLength(MAX_COMMAND_BYTES)
                            .maxNameLength(MAX_COMMAND_BYTES)
                            .build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final DateTimeFormatter INSTANT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private ReferenceCodec() {
    }

    /** The fingerprint as {@link ParsedRecord.Identified#fingerprint()} computed it. */
    static byte[] fingerprint(ParsedRecord.Identified record) {
        String text = record instanceof ParsedRecord.Valid valid ? valid.command().canonicalFields()
                : "invalid\n" + ((ParsedRecord.Invalid) record).canonicalFields();
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    static ParsedRecord parseCommand(byte[] value) {
        if (value == null || value.length == 0) {
            return new ParsedRecord.Unusable(DeadLetterReason.MALFORMED_JSON, "the record has no value");
        }
        if (value.length > MAX_COMMAND_BYTES) {
            return new ParsedRecord.Unusable(DeadLetterReason.TOO_LARGE,
                    "the value is " + value.length + " bytes; a command is at most " + MAX_COMMAND_BYTES + " bytes");
        }
        // Decoded strictly here rather than by Jackson, which accepts overlong forms (0xC1 0xA1 as "a"), code points
        // above U+10FFFF, and UTF-16 or UTF-32 text it detects by itself; none of those is UTF-8.
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            return new ParsedRecord.Unusable(DeadLetterReason.MALFORMED_JSON, "the value is not valid UTF-8");
        }
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
        if (!idNode.isString() || !isValidCommandId(idNode.stringValue())) {
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
            case POST_PENDING -> parsePostPending(id, root);
            case VOID_PENDING -> parseVoidPending(id, root);
            case LINKED_TRANSFERS -> parseLinkedTransfers(id, root);
            case CLOSE_ACCOUNT -> parseCloseAccount(id, root);
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
            problem = holdProblem(pending, timeout);
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
        if (problem != null) {
            return new ParsedRecord.Invalid(id, CommandType.OPEN_ACCOUNT, Reason.INVALID_COMMAND, problem,
                    canonical("open_account", "account_id", account, "currency", currency, "overdraft_limit", limit,
                            "unbounded", unbounded));
        }
        AccountId accountId = new AccountId(account.stringValue());
        return new ParsedRecord.Valid(isUnbounded
                ? OpenAccount.unbounded(id, accountId, currency.stringValue())
                : OpenAccount.bounded(id, accountId, currency.stringValue(), isAbsent(limit) ? 0 : limit.longValue()));
    }


    static JsonNode readTree(JsonParser parser) {
        try (JsonParser bounded = new BoundedIntegerParser(parser)) {
            return MAPPER.readTree(bounded);
        }
    }


    static String accountIdProblem(String field, JsonNode node) {
        if (isAbsent(node)) {
            return field + " is missing";
        }
        if (!node.isString()) {
            return field + " must be a string";
        }
        return isValidAccountId(node.stringValue()) ? null : field + " must be " + AccountId.RULE;
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
        return isValidReference(node.stringValue())
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

    /** The first broken rule of a transfer's {@code pending} and {@code timeout_seconds}, or {@code null}. */
    static String holdProblem(JsonNode pending, JsonNode timeout) {
        if (!isAbsent(pending) && !pending.isBoolean()) {
            return "pending must be true or false";
        }
        if (isAbsent(timeout)) {
            return null;
        }
        if (isAbsent(pending) || !pending.booleanValue()) {
            return "timeout_seconds is only allowed with \"pending\": true";
        }
        String problem = positiveLongProblem("timeout_seconds", timeout, false);
        if (problem != null) {
            return problem;
        }
        long seconds = timeout.longValue();
        if (seconds < Transfer.MIN_TIMEOUT_SECONDS || seconds > Transfer.MAX_TIMEOUT_SECONDS) {
            return "timeout_seconds must be " + Transfer.MIN_TIMEOUT_SECONDS + "-" + Transfer.MAX_TIMEOUT_SECONDS
                    + " (absent: the hold never expires), was " + seconds;
        }
        return null;
    }

    static ParsedRecord parsePostPending(CommandId id, JsonNode root) {
        JsonNode pendingId = root.get("pending_id");
        JsonNode amount = root.get("amount");
        String canonical = canonical("post_pending", "pending_id", pendingId, "amount", amount);

        String problem = pendingIdProblem(pendingId);
        Reason reason = Reason.INVALID_COMMAND;
        if (problem == null && !isAbsent(amount)) {
            if (amount.isIntegralNumber() && amount.bigIntegerValue().signum() <= 0) {
                reason = Reason.INVALID_AMOUNT;
                problem = "amount must be at least 1 minor unit, was " + integerText(amount);
            } else {
                problem = positiveLongProblem("amount", amount, false);
            }
        }
        if (problem != null) {
            return new ParsedRecord.Invalid(id, CommandType.POST_PENDING, reason, problem, canonical);
        }
        return new ParsedRecord.Valid(new PostPending(id, CommandId.parse(pendingId.stringValue()),
                isAbsent(amount) ? null : amount.longValue()));
    }

    static ParsedRecord parseVoidPending(CommandId id, JsonNode root) {
        JsonNode pendingId = root.get("pending_id");
        String canonical = canonical("void_pending", "pending_id", pendingId);

        String problem = pendingIdProblem(pendingId);
        if (problem != null) {
            return new ParsedRecord.Invalid(id, CommandType.VOID_PENDING, Reason.INVALID_COMMAND, problem, canonical);
        }
        return new ParsedRecord.Valid(new VoidPending(id, CommandId.parse(pendingId.stringValue())));
    }

    static ParsedRecord parseCloseAccount(CommandId id, JsonNode root) {
        JsonNode account = root.get("account_id");
        String canonical = canonical("close_account", "account_id", account);

        String problem = accountIdProblem("account_id", account);
        if (problem != null) {
            return new ParsedRecord.Invalid(id, CommandType.CLOSE_ACCOUNT, Reason.INVALID_COMMAND, problem,
                    canonical);
        }
        return new ParsedRecord.Valid(new CloseAccount(id, new AccountId(account.stringValue())));
    }

    static ParsedRecord parseLinkedTransfers(CommandId id, JsonNode root) {
        JsonNode transfers = root.get("transfers");
        List<Object> known = new ArrayList<>();
        if (transfers != null && transfers.isArray()) {
            for (int i = 0; i < transfers.size(); i++) {
                JsonNode leg = transfers.get(i);
                for (String field : LEG_FIELDS) {
                    known.add("transfers[" + i + "]." + field);
                    known.add(leg.isObject() ? leg.get(field) : leg);
                }
            }
        } else {
            known.add("transfers");
            known.add(transfers);
        }
        String canonical = canonical("linked_transfers", known.toArray());

        if (isAbsent(transfers)) {
            return invalidLinked(id, Reason.INVALID_COMMAND, "transfers is missing", canonical);
        }
        if (!transfers.isArray()) {
            return invalidLinked(id, Reason.INVALID_COMMAND, "transfers must be an array of 1-"
                    + LinkedTransfers.MAX_LEGS + " legs, not " + kind(transfers), canonical);
        }
        if (transfers.size() < LinkedTransfers.MIN_LEGS || transfers.size() > LinkedTransfers.MAX_LEGS) {
            return invalidLinked(id, Reason.INVALID_COMMAND, "transfers must hold " + LinkedTransfers.MIN_LEGS + "-"
                    + LinkedTransfers.MAX_LEGS + " legs, held " + transfers.size(), canonical);
        }
        List<LinkedTransfers.Leg> legs = new ArrayList<>(transfers.size());
        for (int i = 0; i < transfers.size(); i++) {
            String prefix = "transfers[" + i + "]";
            JsonNode leg = transfers.get(i);
            if (!leg.isObject()) {
                return invalidLinked(id, Reason.INVALID_COMMAND, prefix + " must be an object, not "
                        + kind(leg), canonical);
            }
            JsonNode debit = leg.get("debit_account_id");
            JsonNode credit = leg.get("credit_account_id");
            JsonNode amount = leg.get("amount");
            JsonNode currency = leg.get("currency");
            JsonNode reference = leg.get("reference");
            JsonNode pending = leg.get("pending");
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
            if (problem == null && !isAbsent(pending)
                    && !(pending.isBoolean() && !pending.booleanValue())) {
                problem = "pending is not allowed in a linked leg (a leg moves money at once)";
            }
            if (problem != null) {
                return invalidLinked(id, reason, prefix + "." + problem, canonical);
            }
            legs.add(new LinkedTransfers.Leg(new AccountId(debit.stringValue()), new AccountId(credit.stringValue()),
                    amount.longValue(), currency.stringValue(),
                    isAbsent(reference) ? null : reference.stringValue()));
        }
        return new ParsedRecord.Valid(new LinkedTransfers(id, legs));
    }

    private static final List<String> LEG_FIELDS =
            List.of("debit_account_id", "credit_account_id", "amount", "currency", "reference", "pending");

    private static ParsedRecord invalidLinked(CommandId id, Reason reason, String detail, String canonical) {
        return new ParsedRecord.Invalid(id, CommandType.LINKED_TRANSFERS, reason, detail, canonical);
    }

    private static String pendingIdProblem(JsonNode node) {
        if (isAbsent(node)) {
            return "pending_id is missing";
        }
        if (!node.isString() || !isValidCommandId(node.stringValue())) {
            return "pending_id must be a UUID string in 8-4-4-4-12 hexadecimal form";
        }
        return null;
    }

    static byte[] encodeResult(Result result) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", result.id().toString());
        node.put("type", result.type().wireName());
        node.put("status", result.status().name());
        node.put("reason", result.reasonCode());
        if (result.detail() != null) {
            node.put("detail", result.detail());
        }
        node.put("replay", result.replay());
        if (result instanceof TransferResult t) {
            node.put("debit_account_id", text(t.debitAccountId()));
            node.put("credit_account_id", text(t.creditAccountId()));
            node.put("amount", t.amount());
            node.put("currency", t.currency());
            if (t.reference() != null) {
                node.put("reference", t.reference());
            }
            node.put("debit_balance", t.debitBalance());
            node.put("credit_balance", t.creditBalance());
            if (t.pending()) {
                node.put("pending", true);
                node.put("expires_at", t.expiresAt() == null ? null : INSTANT.format(t.expiresAt()));
            }
        } else if (result instanceof OpenAccountResult o) {
            node.put("account_id", text(o.accountId()));
            node.put("currency", o.currency());
            node.put("overdraft_limit", o.overdraftLimit());
            node.put("unbounded", o.unbounded());
        } else if (result instanceof PendingResolutionResult p) {
            node.put("pending_id", p.pendingId() == null ? null : p.pendingId().toString());
            node.put("debit_account_id", text(p.debitAccountId()));
            node.put("credit_account_id", text(p.creditAccountId()));
            node.put("amount", p.amount());
            node.put("currency", p.currency());
            node.put("debit_balance", p.debitBalance());
            node.put("credit_balance", p.creditBalance());
        } else if (result instanceof LinkedTransfersResult l) {
            if (l.applied()) {
                ArrayNode legs = node.putArray("legs");
                for (LinkedTransfersResult.LegBalances leg : l.legs()) {
                    legs.addObject().put("debit_balance", leg.debitBalance())
                            .put("credit_balance", leg.creditBalance());
                }
            } else {
                node.put("failed_leg", l.failedLeg());
            }
        } else if (result instanceof CloseAccountResult c) {
            node.put("account_id", text(c.accountId()));
        }
        node.put("decided_at", INSTANT.format(result.decidedAt()));
        return MAPPER.writeValueAsBytes(node);
    }


    private static String text(AccountId id) {
        return id == null ? null : id.value();
    }

    static boolean isValidCommandId(String text) {
        return text != null && text.length() == 36 && CANONICAL_UUID.matcher(text).matches();
    }

    private static boolean isValidAccountId(String text) {
        if (text == null || text.isEmpty() || text.length() > AccountId.MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alnum && (i == 0 || (c != '_' && c != '.' && c != ':' && c != '@' && c != '-'))) {
                return false;
            }
        }
        return true;
    }

    static boolean isValidReference(String reference) {
        if (reference.indexOf('\0') >= 0
                || reference.codePointCount(0, reference.length()) > Money.MAX_REFERENCE_LENGTH) {
            return false;
        }
        return reference.codePoints().noneMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE);
    }
}
