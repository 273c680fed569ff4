package dev.tally.contracts;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * The reading half of {@link WireCodec} for what contract v1.1 added: a transfer's {@code pending} and
 * {@code timeout_seconds}, and the {@code post_pending}, {@code void_pending}, {@code linked_transfers} and
 * {@code close_account} commands. The field rules are v1's: an integer amount at or below zero is
 * {@code INVALID_AMOUNT}, any other broken rule {@code INVALID_COMMAND} with a detail naming the field (a leg's
 * field as {@code transfers[2].amount}).
 */
final class HoldAndLinkParsing {

    private HoldAndLinkParsing() {
    }

    /** The first broken rule of a transfer's {@code pending} and {@code timeout_seconds}, or {@code null}. */
    static String holdProblem(JsonNode pending, JsonNode timeout) {
        if (!WireCodec.isAbsent(pending) && !pending.isBoolean()) {
            return "pending must be true or false";
        }
        if (WireCodec.isAbsent(timeout)) {
            return null;
        }
        if (WireCodec.isAbsent(pending) || !pending.booleanValue()) {
            return "timeout_seconds is only allowed with \"pending\": true";
        }
        String problem = WireCodec.positiveLongProblem("timeout_seconds", timeout, false);
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

        String problem = pendingIdProblem(pendingId);
        Reason reason = Reason.INVALID_COMMAND;
        if (problem == null && !WireCodec.isAbsent(amount)) {
            if (amount.isIntegralNumber() && amount.bigIntegerValue().signum() <= 0) {
                reason = Reason.INVALID_AMOUNT;
                problem = "amount must be at least 1 minor unit, was " + WireCodec.integerText(amount);
            } else {
                problem = WireCodec.positiveLongProblem("amount", amount, false);
            }
        }
        if (problem != null) {
            return new ParsedRecord.Invalid(id, CommandType.POST_PENDING, reason, problem,
                    WireCodec.canonical("post_pending", "pending_id", pendingId, "amount", amount));
        }
        return new ParsedRecord.Valid(new PostPending(id, CommandId.parse(pendingId.stringValue()),
                WireCodec.isAbsent(amount) ? null : amount.longValue()));
    }

    static ParsedRecord parseVoidPending(CommandId id, JsonNode root) {
        JsonNode pendingId = root.get("pending_id");

        String problem = pendingIdProblem(pendingId);
        if (problem != null) {
            return new ParsedRecord.Invalid(id, CommandType.VOID_PENDING, Reason.INVALID_COMMAND, problem,
                    WireCodec.canonical("void_pending", "pending_id", pendingId));
        }
        return new ParsedRecord.Valid(new VoidPending(id, CommandId.parse(pendingId.stringValue())));
    }

    static ParsedRecord parseCloseAccount(CommandId id, JsonNode root) {
        JsonNode account = root.get("account_id");

        String problem = WireCodec.accountIdProblem("account_id", account);
        if (problem != null) {
            return new ParsedRecord.Invalid(id, CommandType.CLOSE_ACCOUNT, Reason.INVALID_COMMAND, problem,
                    WireCodec.canonical("close_account", "account_id", account));
        }
        return new ParsedRecord.Valid(new CloseAccount(id, new AccountId(account.stringValue())));
    }

    static ParsedRecord parseLinkedTransfers(CommandId id, JsonNode root) {
        JsonNode transfers = root.get("transfers");
        if (WireCodec.isAbsent(transfers)) {
            return invalidLinked(id, Reason.INVALID_COMMAND, "transfers is missing", transfers);
        }
        if (!transfers.isArray()) {
            return invalidLinked(id, Reason.INVALID_COMMAND, "transfers must be an array of 1-"
                    + LinkedTransfers.MAX_LEGS + " legs, not " + WireCodec.kind(transfers), transfers);
        }
        if (transfers.size() < LinkedTransfers.MIN_LEGS || transfers.size() > LinkedTransfers.MAX_LEGS) {
            return invalidLinked(id, Reason.INVALID_COMMAND, "transfers must hold " + LinkedTransfers.MIN_LEGS + "-"
                    + LinkedTransfers.MAX_LEGS + " legs, held " + transfers.size(), transfers);
        }
        List<LinkedTransfers.Leg> legs = new ArrayList<>(transfers.size());
        for (int i = 0; i < transfers.size(); i++) {
            String prefix = "transfers[" + i + "]";
            JsonNode leg = transfers.get(i);
            if (!leg.isObject()) {
                return invalidLinked(id, Reason.INVALID_COMMAND, prefix + " must be an object, not "
                        + WireCodec.kind(leg), transfers);
            }
            JsonNode debit = leg.get("debit_account_id");
            JsonNode credit = leg.get("credit_account_id");
            JsonNode amount = leg.get("amount");
            JsonNode currency = leg.get("currency");
            JsonNode reference = leg.get("reference");
            JsonNode pending = leg.get("pending");
            String problem = WireCodec.accountIdProblem("debit_account_id", debit);
            if (problem == null) {
                problem = WireCodec.accountIdProblem("credit_account_id", credit);
            }
            Reason reason = Reason.INVALID_COMMAND;
            if (problem == null) {
                if (amount != null && amount.isIntegralNumber() && amount.bigIntegerValue().signum() <= 0) {
                    reason = Reason.INVALID_AMOUNT;
                    problem = "amount must be at least 1 minor unit, was " + WireCodec.integerText(amount);
                } else {
                    problem = WireCodec.positiveLongProblem("amount", amount, true);
                }
            }
            if (problem == null) {
                problem = WireCodec.currencyProblem(currency);
            }
            if (problem == null) {
                problem = WireCodec.referenceProblem(reference);
            }
            if (problem == null && !WireCodec.isAbsent(pending)
                    && !(pending.isBoolean() && !pending.booleanValue())) {
                problem = "pending is not allowed in a linked leg (a leg moves money at once)";
            }
            if (problem != null) {
                return invalidLinked(id, reason, prefix + "." + problem, transfers);
            }
            legs.add(new LinkedTransfers.Leg(new AccountId(debit.stringValue()), new AccountId(credit.stringValue()),
                    amount.longValue(), currency.stringValue(),
                    WireCodec.isAbsent(reference) ? null : reference.stringValue()));
        }
        return new ParsedRecord.Valid(new LinkedTransfers(id, legs));
    }

    /** The known fields of an invalid linked command as written, each leg's under its index, for its fingerprint. */
    private static String linkedCanonical(JsonNode transfers) {
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
        return WireCodec.canonical("linked_transfers", known.toArray());
    }

    private static final List<String> LEG_FIELDS =
            List.of("debit_account_id", "credit_account_id", "amount", "currency", "reference", "pending");

    private static ParsedRecord invalidLinked(CommandId id, Reason reason, String detail, JsonNode transfers) {
        return new ParsedRecord.Invalid(id, CommandType.LINKED_TRANSFERS, reason, detail,
                linkedCanonical(transfers));
    }

    private static String pendingIdProblem(JsonNode node) {
        if (WireCodec.isAbsent(node)) {
            return "pending_id is missing";
        }
        if (!node.isString() || !CommandId.isValid(node.stringValue())) {
            return "pending_id must be a UUID string in 8-4-4-4-12 hexadecimal form";
        }
        return null;
    }
}
