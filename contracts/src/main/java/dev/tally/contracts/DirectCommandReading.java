package dev.tally.contracts;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * The worker's common case of {@link WireCodec#parseCommand}, read in one pass over the record's bytes: a valid
 * command, built as its fields are streamed, with no decoded copy of the text and no tree. It decides no rule of
 * its own. It returns a command only when the tree reading of {@link WireCodec} would return the same one, and
 * {@code null} for everything else, then to be read by {@link WireCodec} as it always has been, which gives every
 * rejection and dead letter its detail and fingerprint: a broken rule, a field of an unexpected JSON type (even one
 * the command's type ignores), an integer of more than 19 digits, a byte order mark, text that is not JSON.
 *
 * <p>The bytes are read by Jackson's byte parser, which the tree reading does not use, so two differences are
 * closed first: the parser takes any UTF-8 its decoder can make sense of, which is checked strictly here instead
 * ({@link StrictUtf8}), and it guesses UTF-16 or UTF-32 from zero bytes at the start, which no JSON text in UTF-8
 * has. Everything else (the grammar, duplicate names, the length limits, a value after the object) is the same
 * parser configuration as the tree reading's.
 */
final class DirectCommandReading {

    /** {@link Long#MAX_VALUE} has 19 digits; a longer integer is out of range, which only the tree reading words. */
    private static final int MAX_INTEGER_CHARS = 19;

    private DirectCommandReading() {
    }

    /** The valid command these bytes hold, or {@code null} when {@link WireCodec}'s tree reading must decide. */
    static ParsedRecord.Valid readValid(byte[] value) {
        if (!startsAsUtf8Json(value) || !StrictUtf8.isValid(value)) {
            return null;
        }
        try (JsonParser parser = WireCodec.MAPPER.createParser(value)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Command command = new RootFields().read(parser);
            // The mapper refuses anything after the document (FAIL_ON_TRAILING_TOKENS); so does this reading.
            return command == null || parser.nextToken() != null ? null : new ParsedRecord.Valid(command);
        } catch (JacksonException | Unhandled e) {
            return null;
        }
    }

    /**
     * Whether the parser will read these bytes as UTF-8 without skipping anything: no byte order mark (the tree
     * reading removes it itself), and no zero byte among the first four, from which the parser would infer UTF-16
     * or UTF-32.
     */
    private static boolean startsAsUtf8Json(byte[] value) {
        if (value.length == 0 || value[0] == (byte) 0xEF) {
            return false;
        }
        for (int i = 0; i < value.length && i < 4; i++) {
            if (value[i] == 0) {
                return false;
            }
        }
        return true;
    }

    /** The fields a command of any type may have; each is {@code null} when absent or JSON {@code null}. */
    private static final class RootFields {

        private String type;
        private String id;
        private String debitAccountId;
        private String creditAccountId;
        private Long amount;
        private String currency;
        private String reference;
        private Boolean pending;
        private Long timeoutSeconds;
        private String accountId;
        private Long overdraftLimit;
        private Boolean unbounded;
        private String owner;
        private String pendingId;
        private List<LinkedTransfers.Leg> legs;

        /** Reads the object whose start was the current token; the command, or {@code null} when it is invalid. */
        Command read(JsonParser parser) {
            String name;
            while ((name = parser.nextName()) != null) {
                JsonToken token = parser.nextToken();
                switch (name) {
                    case "type" -> type = text(parser, token);
                    case "id" -> id = text(parser, token);
                    case "debit_account_id" -> debitAccountId = text(parser, token);
                    case "credit_account_id" -> creditAccountId = text(parser, token);
                    case "amount" -> amount = integer(parser, token);
                    case "currency" -> currency = text(parser, token);
                    case "reference" -> reference = text(parser, token);
                    case "pending" -> pending = bool(token);
                    case "timeout_seconds" -> timeoutSeconds = integer(parser, token);
                    case "account_id" -> accountId = text(parser, token);
                    case "overdraft_limit" -> overdraftLimit = integer(parser, token);
                    case "unbounded" -> unbounded = bool(token);
                    case "owner" -> owner = text(parser, token);
                    case "pending_id" -> pendingId = text(parser, token);
                    case "transfers" -> legs = legs(parser, token);
                    default -> parser.skipChildren();
                }
            }
            return command();
        }

        private Command command() {
            CommandType commandType = type == null ? null : CommandType.fromWireOrNull(type);
            if (!CommandId.isValid(id) || commandType == null) {
                return null;
            }
            CommandId commandId = CommandId.parse(id);
            return switch (commandType) {
                case TRANSFER -> transfer(commandId);
                case OPEN_ACCOUNT -> openAccount(commandId);
                case POST_PENDING -> CommandId.isValid(pendingId) && (amount == null || amount >= 1)
                        ? new PostPending(commandId, CommandId.parse(pendingId), amount) : null;
                case VOID_PENDING -> CommandId.isValid(pendingId)
                        ? new VoidPending(commandId, CommandId.parse(pendingId)) : null;
                case LINKED_TRANSFERS -> legs != null && legs.size() >= LinkedTransfers.MIN_LEGS
                        ? new LinkedTransfers(commandId, legs) : null;
                case CLOSE_ACCOUNT -> AccountId.isValid(accountId)
                        ? new CloseAccount(commandId, new AccountId(accountId)) : null;
            };
        }

        private Transfer transfer(CommandId commandId) {
            if (!isValidLeg(debitAccountId, creditAccountId, amount, currency, reference)) {
                return null;
            }
            boolean hold = pending != null && pending;
            if (timeoutSeconds != null && !(hold && timeoutSeconds >= Transfer.MIN_TIMEOUT_SECONDS
                    && timeoutSeconds <= Transfer.MAX_TIMEOUT_SECONDS)) {
                return null;
            }
            return new Transfer(commandId, new AccountId(debitAccountId), new AccountId(creditAccountId), amount,
                    currency, reference, hold, timeoutSeconds);
        }

        private OpenAccount openAccount(CommandId commandId) {
            if (!AccountId.isValid(accountId) || !Money.isValidCurrency(currency)) {
                return null;
            }
            boolean isUnbounded = unbounded != null && unbounded;
            if (overdraftLimit != null && (isUnbounded || overdraftLimit < 0)) {
                return null;
            }
            if (owner != null && !ClientTopics.isValidName(owner)) {
                return null;
            }
            AccountId account = new AccountId(accountId);
            return new OpenAccount(commandId, account, currency, isUnbounded ? null
                    : overdraftLimit == null ? 0L : overdraftLimit, owner);
        }
    }

    /**
     * The legs of {@code transfers}, each checked as it is read; {@code null} when the field is JSON {@code null}.
     * A leg that breaks a rule ends the reading: whatever the command's type, the tree reading decides then.
     */
    private static List<LinkedTransfers.Leg> legs(JsonParser parser, JsonToken token) {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.START_ARRAY) {
            throw Unhandled.INSTANCE;
        }
        List<LinkedTransfers.Leg> legs = new ArrayList<>();
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.START_OBJECT || legs.size() == LinkedTransfers.MAX_LEGS) {
                throw Unhandled.INSTANCE;
            }
            legs.add(leg(parser));
        }
        return legs;
    }

    private static LinkedTransfers.Leg leg(JsonParser parser) {
        String debit = null;
        String credit = null;
        Long amount = null;
        String currency = null;
        String reference = null;
        Boolean pending = null;
        String name;
        while ((name = parser.nextName()) != null) {
            JsonToken token = parser.nextToken();
            switch (name) {
                case "debit_account_id" -> debit = text(parser, token);
                case "credit_account_id" -> credit = text(parser, token);
                case "amount" -> amount = integer(parser, token);
                case "currency" -> currency = text(parser, token);
                case "reference" -> reference = text(parser, token);
                case "pending" -> pending = bool(token);
                default -> parser.skipChildren();
            }
        }
        // A leg moves money at once: "pending" may only be absent, null or false.
        if (!isValidLeg(debit, credit, amount, currency, reference) || (pending != null && pending)) {
            throw Unhandled.INSTANCE;
        }
        return new LinkedTransfers.Leg(new AccountId(debit), new AccountId(credit), amount, currency, reference);
    }

    /** The rules a transfer and a linked leg share. */
    private static boolean isValidLeg(String debit, String credit, Long amount, String currency, String reference) {
        return AccountId.isValid(debit) && AccountId.isValid(credit) && amount != null && amount >= 1
                && Money.isValidCurrency(currency) && (reference == null || Money.isValidReference(reference));
    }

    private static String text(JsonParser parser, JsonToken token) {
        if (token == JsonToken.VALUE_STRING) {
            return parser.getString();
        }
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        throw Unhandled.INSTANCE;
    }

    /** An integer of at most 19 characters that fits a {@code long}; anything longer is left to the tree reading. */
    private static Long integer(JsonParser parser, JsonToken token) {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token == JsonToken.VALUE_NUMBER_INT && parser.getStringLength() <= MAX_INTEGER_CHARS) {
            JsonParser.NumberType numberType = parser.getNumberType();
            if (numberType == JsonParser.NumberType.INT || numberType == JsonParser.NumberType.LONG) {
                return parser.getLongValue();
            }
        }
        throw Unhandled.INSTANCE;
    }

    private static Boolean bool(JsonToken token) {
        return switch (token) {
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw Unhandled.INSTANCE;
        };
    }

    /**
     * A field this reading leaves to the tree reading. Thrown rather than returned, so that every field reader stays
     * one line; it is one shared instance without a stack trace, so that throwing it costs no more than a return.
     */
    private static final class Unhandled extends RuntimeException {

        private static final long serialVersionUID = 1L;

        static final Unhandled INSTANCE = new Unhandled();

        private Unhandled() {
            super("left to the tree reading", null, false, false);
        }
    }
}
