package dev.tally.contracts;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The writing half of {@link WireCodec}: commands as clients publish them, and reading results back (results are
 * written by {@link ResultWriting}). A plain v1 transfer is written exactly as contract v1 has it; v1.1 fields
 * appear only on the commands that carry them.
 */
final class WireEncoding {

    // The codec's strict mapper: results too are refused with a repeated field name or text after the object.
    private static final JsonMapper MAPPER = WireCodec.MAPPER;
    private static final Pattern REASON_CODE = Pattern.compile("[A-Z0-9_]{1,64}");

    private WireEncoding() {
    }

    static byte[] encodeCommand(Command command) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("type", command.type().wireName());
        node.put("id", command.id().toString());
        if (command instanceof Transfer t) {
            putLeg(node, t.debitAccountId(), t.creditAccountId(), t.amount(), t.currency(), t.reference());
            if (t.pending()) {
                node.put("pending", true);
                if (t.timeoutSeconds() != null) {
                    node.put("timeout_seconds", t.timeoutSeconds());
                }
            }
        } else if (command instanceof OpenAccount o) {
            node.put("account_id", o.accountId().value());
            node.put("currency", o.currency());
            if (o.unbounded()) {
                node.put("unbounded", true);
            } else {
                node.put("overdraft_limit", o.overdraftLimit());
            }
            if (o.owner() != null) {
                node.put("owner", o.owner());
            }
        } else if (command instanceof PostPending p) {
            node.put("pending_id", p.pendingId().toString());
            if (p.amount() != null) {
                node.put("amount", p.amount());
            }
        } else if (command instanceof VoidPending v) {
            node.put("pending_id", v.pendingId().toString());
        } else if (command instanceof LinkedTransfers l) {
            ArrayNode legs = node.putArray("transfers");
            for (LinkedTransfers.Leg leg : l.legs()) {
                putLeg(legs.addObject(), leg.debitAccountId(), leg.creditAccountId(), leg.amount(),
                        leg.currency(), leg.reference());
            }
        } else if (command instanceof CloseAccount c) {
            node.put("account_id", c.accountId().value());
        }
        return MAPPER.writeValueAsBytes(node);
    }

    private static void putLeg(ObjectNode node, AccountId debit, AccountId credit, long amount, String currency,
                               String reference) {
        node.put("debit_account_id", debit.value());
        node.put("credit_account_id", credit.value());
        node.put("amount", amount);
        node.put("currency", currency);
        if (reference != null) {
            node.put("reference", reference);
        }
    }

    /**
     * Reads a result; with {@code keepUnknownReasons}, a well-formed reason code this version does not know is kept
     * as text ({@link Result#reasonCode()}) instead of refused.
     */
    static Result decodeResult(byte[] value, boolean keepUnknownReasons) {
        JsonNode root;
        try {
            root = value == null ? null : WireCodec.readTree(MAPPER.createParser(value));
        } catch (JacksonException e) {
            throw new IllegalArgumentException("result is not valid JSON: "
                    + WireCodec.firstLine(e.getOriginalMessage()), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("result is not a JSON object");
        }
        CommandId id = CommandId.parse(requiredText(root, "id"));
        CommandType type = CommandType.fromWire(requiredText(root, "type"));
        Status status = Status.fromWire(requiredText(root, "status"));
        String reasonCode = optionalText(root, "reason");
        Reason reason = reasonCode == null ? null : Reason.fromCodeOrNull(reasonCode);
        boolean keptAsText = keepUnknownReasons && reasonCode != null && REASON_CODE.matcher(reasonCode).matches();
        if (reasonCode != null && reason == null && !keptAsText) {
            throw new IllegalArgumentException("unknown reason code: " + WireCodec.echo(root.get("reason")));
        }
        String detail = optionalText(root, "detail");
        JsonNode replayNode = root.get("replay");
        if (replayNode == null || !replayNode.isBoolean()) {
            throw new IllegalArgumentException("result field replay must be true or false");
        }
        boolean replay = replayNode.booleanValue();
        Instant decidedAt = requiredInstant(root, "decided_at");
        return switch (type) {
            case TRANSFER -> {
                JsonNode pending = root.get("pending");
                if (!WireCodec.isAbsent(pending) && !pending.isBoolean()) {
                    throw new IllegalArgumentException("result field pending must be true or false");
                }
                yield new TransferResult(id, status, reason, detail, replay,
                        optionalAccount(root, "debit_account_id"), optionalAccount(root, "credit_account_id"),
                        optionalLong(root, "amount"), optionalText(root, "currency"),
                        optionalText(root, "reference"), optionalLong(root, "debit_balance"),
                        optionalLong(root, "credit_balance"), decidedAt,
                        !WireCodec.isAbsent(pending) && pending.booleanValue(), optionalInstant(root, "expires_at"),
                        reasonCode);
            }
            case OPEN_ACCOUNT -> {
                JsonNode unbounded = root.get("unbounded");
                yield new OpenAccountResult(id, status, reason, detail, replay, optionalAccount(root, "account_id"),
                        optionalText(root, "currency"), optionalLong(root, "overdraft_limit"),
                        WireCodec.isAbsent(unbounded) ? null : unbounded.asBoolean(), optionalText(root, "owner"),
                        decidedAt, reasonCode);
            }
            case POST_PENDING, VOID_PENDING -> {
                String pendingId = optionalText(root, "pending_id");
                yield new PendingResolutionResult(id, type, status, reason, detail, replay,
                        pendingId == null ? null : CommandId.parse(pendingId),
                        optionalAccount(root, "debit_account_id"), optionalAccount(root, "credit_account_id"),
                        optionalLong(root, "amount"), optionalText(root, "currency"),
                        optionalLong(root, "debit_balance"), optionalLong(root, "credit_balance"), decidedAt,
                        reasonCode);
            }
            case LINKED_TRANSFERS -> {
                List<LinkedTransfersResult.LegBalances> legs = new ArrayList<>();
                JsonNode legsNode = root.get("legs");
                if (!WireCodec.isAbsent(legsNode)) {
                    if (!legsNode.isArray()) {
                        throw new IllegalArgumentException("result field legs must be an array");
                    }
                    for (JsonNode leg : legsNode) {
                        Long debit = optionalLong(leg, "debit_balance");
                        Long credit = optionalLong(leg, "credit_balance");
                        // v1.2: a client's result leaves the figures of others' accounts out, as null.
                        if (!leg.has("debit_balance") || !leg.has("credit_balance")) {
                            throw new IllegalArgumentException("result field legs needs both balances of each leg");
                        }
                        legs.add(new LinkedTransfersResult.LegBalances(debit, credit));
                    }
                }
                Long failedLeg = optionalLong(root, "failed_leg");
                if (failedLeg != null && (failedLeg < 0 || failedLeg >= LinkedTransfers.MAX_LEGS)) {
                    throw new IllegalArgumentException("result field failed_leg must be 0-"
                            + (LinkedTransfers.MAX_LEGS - 1));
                }
                yield new LinkedTransfersResult(id, status, reason, detail, replay, legs,
                        failedLeg == null ? null : failedLeg.intValue(), decidedAt, reasonCode);
            }
            case CLOSE_ACCOUNT -> new CloseAccountResult(id, status, reason, detail, replay,
                    optionalAccount(root, "account_id"), decidedAt, reasonCode);
        };
    }

    private static String requiredText(JsonNode root, String field) {
        String text = optionalText(root, field);
        if (text == null) {
            throw new IllegalArgumentException("result field " + field + " is missing");
        }
        return text;
    }

    private static String optionalText(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (WireCodec.isAbsent(node)) {
            return null;
        }
        if (!node.isString()) {
            throw new IllegalArgumentException("result field " + field + " must be a string");
        }
        return node.stringValue();
    }

    private static Long optionalLong(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (WireCodec.isAbsent(node)) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new IllegalArgumentException("result field " + field + " must be a 64-bit integer");
        }
        return node.longValue();
    }

    private static AccountId optionalAccount(JsonNode root, String field) {
        String text = optionalText(root, field);
        return text == null ? null : new AccountId(text);
    }

    private static Instant requiredInstant(JsonNode root, String field) {
        Instant instant = optionalInstant(root, field);
        if (instant == null) {
            throw new IllegalArgumentException("result field " + field + " is missing");
        }
        return instant;
    }

    private static Instant optionalInstant(JsonNode root, String field) {
        String text = optionalText(root, field);
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("result field " + field + " is not an ISO-8601 instant", e);
        }
    }
}
