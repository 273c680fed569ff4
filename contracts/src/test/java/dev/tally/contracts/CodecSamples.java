package dev.tally.contracts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Generated command records and results for comparing the codec with {@link ReferenceCodec}
 * ({@link CodecEquivalenceTests}) and for timing both ({@link CodecBenchmark}). Everything is drawn from the
 * {@link Random} given, so a seed reproduces a sample.
 *
 * <p>A generated command starts as a command of some type whose every field is drawn from valid values, edge values
 * and values that break a rule or have another JSON type; fields may be left out, set to {@code null}, duplicated,
 * joined by unknown fields holding any JSON, put in any order, spaced with any JSON whitespace, with names and
 * strings escaped in any way JSON allows. Some records are then damaged at the byte level (cut, a byte changed,
 * inserted or removed, a byte order mark, zero bytes), which makes text that is not UTF-8 or not JSON.
 */
final class CodecSamples {

    private static final String ACCOUNT_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.:@-";
    private static final String[] TYPES =
            {"transfer", "open_account", "post_pending", "void_pending", "linked_transfers", "close_account"};
    private static final String[] LEG_FIELDS =
            {"debit_account_id", "credit_account_id", "amount", "currency", "reference", "pending"};

    private static final Map<Character, String> SHORT_ESCAPES = Map.of('"', "\\\"", '\\', "\\\\", '/', "\\/",
            '\b', "\\b", '\f', "\\f", '\n', "\\n", '\r', "\\r", '\t', "\\t");

    private final Random random;

    CodecSamples(Random random) {
        this.random = random;
    }

    // ------------------------------------------------------------------------------------------------ commands

    /** A plain transfer as the load generator publishes it: accounts of one prefix, no reference. */
    byte[] typicalTransfer() {
        return WireCodec.encodeCommand(new Transfer(commandId(),
                new AccountId(String.format(Locale.ROOT, "load-%05d", random.nextInt(1000))),
                new AccountId(String.format(Locale.ROOT, "load-%05d", random.nextInt(1000))),
                1 + random.nextInt(10_000), "EUR", null));
    }

    /** A record of any command type written by {@link WireCodec#encodeCommand}: valid, and plainly written. */
    byte[] validCommand() {
        CommandId id = commandId();
        return WireCodec.encodeCommand(switch (random.nextInt(6)) {
            case 0 -> new Transfer(id, account(), account(), positiveLong(), currency(),
                    random.nextBoolean() ? null : reference(), false, null);
            case 1 -> Transfer.pending(id, account(), account(), positiveLong(), currency(),
                    random.nextBoolean() ? null : reference(),
                    random.nextBoolean() ? null : 1 + (long) random.nextInt((int) Transfer.MAX_TIMEOUT_SECONDS));
            case 2 -> random.nextBoolean() ? OpenAccount.unbounded(id, account(), currency())
                    : OpenAccount.bounded(id, account(), currency(), positiveLong() - 1);
            case 3 -> random.nextBoolean() ? new PostPending(id, commandId(), null)
                    : new PostPending(id, commandId(), positiveLong());
            case 4 -> random.nextBoolean() ? new VoidPending(id, commandId()) : new CloseAccount(id, account());
            default -> {
                List<LinkedTransfers.Leg> legs = new ArrayList<>();
                int count = 1 + random.nextInt(random.nextInt(10) == 0 ? LinkedTransfers.MAX_LEGS : 4);
                for (int i = 0; i < count; i++) {
                    legs.add(new LinkedTransfers.Leg(account(), account(), positiveLong(), currency(),
                            random.nextBoolean() ? null : reference()));
                }
                yield new LinkedTransfers(id, legs);
            }
        });
    }

    /** A record drawn from the whole space described in the class comment. */
    byte[] anyCommand() {
        int draw = random.nextInt(100);
        if (draw < 10) {
            return validCommand();
        }
        byte[] bytes = utf8(commandText());
        return draw < 85 ? bytes : damaged(bytes);
    }

    /** The JSON text of a command whose fields are drawn as described in the class comment. */
    String commandText() {
        String type = TYPES[random.nextInt(TYPES.length)];
        List<String[]> fields = new ArrayList<>();
        // Now and then the fields of one type under another type, or under none: then they are unknown fields.
        fields.add(new String[] {"type", random.nextInt(20) == 0 ? oddTypeValue() : string(type)});
        fields.add(new String[] {"id", idValue()});
        switch (type) {
            case "transfer" -> {
                addLegFields(fields);
                if (random.nextInt(3) == 0) {
                    fields.add(new String[] {"timeout_seconds", timeoutValue()});
                }
            }
            case "open_account" -> {
                fields.add(new String[] {"account_id", accountValue()});
                fields.add(new String[] {"currency", currencyValue()});
                if (random.nextBoolean()) {
                    fields.add(new String[] {"overdraft_limit", integerValue()});
                }
                if (random.nextBoolean()) {
                    fields.add(new String[] {"unbounded", booleanValue()});
                }
            }
            case "post_pending", "void_pending" -> {
                fields.add(new String[] {"pending_id", idValue()});
                if (random.nextBoolean()) {
                    fields.add(new String[] {"amount", integerValue()});
                }
            }
            case "linked_transfers" -> fields.add(new String[] {"transfers", transfersValue()});
            default -> fields.add(new String[] {"account_id", accountValue()});
        }
        if (random.nextInt(4) == 0) {
            String[] name = {"amount", "currency", "pending", "account_id", "transfers", "reference", "unbounded",
                    "overdraft_limit", "pending_id", "debit_account_id", "timeout_seconds"};
            fields.add(new String[] {name[random.nextInt(name.length)], anyValue(2)});
        }
        return object(fields);
    }

    private void addLegFields(List<String[]> fields) {
        fields.add(new String[] {"debit_account_id", accountValue()});
        fields.add(new String[] {"credit_account_id", accountValue()});
        fields.add(new String[] {"amount", integerValue()});
        fields.add(new String[] {"currency", currencyValue()});
        if (random.nextBoolean()) {
            fields.add(new String[] {"reference", referenceValue()});
        }
        if (random.nextInt(3) == 0) {
            fields.add(new String[] {"pending", booleanValue()});
        }
    }

    /** An object of the given fields (a {@code null} value leaves its field out), decorated as the class says. */
    private String object(List<String[]> fields) {
        List<String[]> written = new ArrayList<>();
        for (String[] field : fields) {
            if (field[1] != null && random.nextInt(25) != 0) {
                written.add(field);
            }
        }
        int unknown = random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 0;
        for (int i = 0; i < unknown; i++) {
            written.add(new String[] {random.nextBoolean() ? "trace" + i : text(1 + random.nextInt(8)),
                    anyValue(3)});
        }
        if (!written.isEmpty() && random.nextInt(30) == 0) {
            // The same name twice, in the same spelling or another: a duplicate the codec must refuse.
            String[] twin = written.get(random.nextInt(written.size()));
            written.add(new String[] {twin[0], random.nextBoolean() ? twin[1] : anyValue(1)});
        }
        if (random.nextInt(3) == 0) {
            Collections.shuffle(written, random);
        }
        StringBuilder json = new StringBuilder().append(space()).append('{');
        for (int i = 0; i < written.size(); i++) {
            json.append(i == 0 ? "" : ",").append(space()).append(string(written.get(i)[0])).append(space())
                    .append(':').append(space()).append(written.get(i)[1]).append(space());
        }
        json.append('}').append(space());
        if (random.nextInt(50) == 0) {
            json.append(random.nextBoolean() ? "{}" : random.nextBoolean() ? "1" : "x");
        }
        return json.toString();
    }

    /** {@code bytes} damaged once at the byte level. */
    byte[] damaged(byte[] bytes) {
        int at = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
        return switch (random.nextInt(8)) {
            case 0 -> java.util.Arrays.copyOf(bytes, at);
            case 1 -> with(bytes, at, (byte) random.nextInt(256), true);
            case 2 -> with(bytes, at, (byte) (0x80 + random.nextInt(0x80)), false);
            case 3 -> bytes.length == 0 ? bytes : without(bytes, at);
            case 4 -> concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, random.nextInt(5) == 0
                    ? concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, bytes) : bytes);
            case 5 -> with(bytes, random.nextInt(Math.min(bytes.length, 4) + 1), (byte) 0, false);
            case 6 -> concat(new byte[] {0, 0, 0}, bytes);
            default -> concat(bytes, new byte[] {(byte) random.nextInt(256)});
        };
    }

    // -------------------------------------------------------------------------------------------- field values

    private String idValue() {
        return switch (random.nextInt(14)) {
            case 0 -> null;
            case 1 -> "null";
            case 2 -> anyValue(1);
            case 3 -> string(uuid().substring(0, 35));
            case 4 -> string(uuid().replace('-', random.nextBoolean() ? '_' : 'g'));
            case 5 -> string("1-1-1-1-1");
            case 6 -> string(uuid().toUpperCase(Locale.ROOT));
            case 7 -> string(uuid() + " ");
            case 8 -> string(mixedCase(uuid()).replace('a', random.nextBoolean() ? 'a' : '\u0430'));
            default -> string(random.nextBoolean() ? uuid() : mixedCase(uuid()));
        };
    }

    /** A {@code type} that names no command type, or is not a string; {@code null} to leave it out. */
    private String oddTypeValue() {
        String[] types = {TYPES[random.nextInt(TYPES.length)], "open_account", "linked_transfers"};
        return switch (random.nextInt(7)) {
            case 0 -> null;
            case 1 -> "null";
            case 2 -> anyValue(1);
            case 3 -> string("Transfer");
            case 4 -> string(types[random.nextInt(types.length)] + " ");
            case 5 -> string(types[random.nextInt(types.length)].toUpperCase(Locale.ROOT));
            default -> string(text(random.nextInt(10)));
        };
    }

    private String accountValue() {
        return switch (random.nextInt(16)) {
            case 0 -> "null";
            case 1 -> anyValue(1);
            case 2 -> string("");
            case 3 -> string(accountText(65));
            case 4 -> string("-" + accountText(5));
            case 5 -> string(accountText(3) + text(1 + random.nextInt(3)));
            case 6 -> string(accountText(AccountId.MAX_LENGTH));
            default -> string(accountText(1 + random.nextInt(20)));
        };
    }

    private String currencyValue() {
        String[] odd = {"eur", "EURO", "", "E1R", "\u00c9UR", "EU", "E\u0000R", "USD"};
        return switch (random.nextInt(12)) {
            case 0 -> "null";
            case 1 -> anyValue(1);
            case 2, 3 -> string(odd[random.nextInt(odd.length)]);
            default -> string(currency());
        };
    }

    private String referenceValue() {
        return switch (random.nextInt(12)) {
            case 0 -> "null";
            case 1 -> anyValue(1);
            case 2 -> string(text(Money.MAX_REFERENCE_LENGTH - 2 + random.nextInt(4)));
            case 3 -> string("x".repeat(Money.MAX_REFERENCE_LENGTH - 1 + random.nextInt(3)));
            case 4 -> string("\ud83d\ude00".repeat(Money.MAX_REFERENCE_LENGTH - 1 + random.nextInt(3)));
            case 5 -> string("order\u0000" + random.nextInt(9));
            case 6 -> string(random.nextBoolean() ? "\ud800" : "a\udc00b");
            default -> string(text(random.nextInt(40)));
        };
    }

    private String booleanValue() {
        return switch (random.nextInt(10)) {
            case 0 -> "null";
            case 1 -> anyValue(1);
            case 2, 3, 4 -> "false";
            default -> "true";
        };
    }

    private String timeoutValue() {
        String[] values = {"1", "0", "-1", "3600", "31536000", "31536001", "9223372036854775807",
                "99999999999999999999", "1.5", "1e3", "\"60\"", "null", "-0"};
        return random.nextInt(3) == 0 ? integerValue() : values[random.nextInt(values.length)];
    }

    /** An integer field's value: mostly a valid amount, often an edge of the 64-bit range or another JSON type. */
    private String integerValue() {
        String[] edges = {"0", "-0", "-1", "1", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
                "-9223372036854775809", "9999999999999999999", "10000000000000000000", "00", "01", "1.0", "1e2",
                "1E+2", "-1.5", "0.0", "\"10\"", "true", "[1]", "{\"a\":1}", "1" + "0".repeat(40),
                "-" + "9".repeat(30), "12345678901234567890"};
        return switch (random.nextInt(10)) {
            case 0, 1 -> edges[random.nextInt(edges.length)];
            case 2 -> Long.toString(random.nextLong());
            case 3 -> random.nextInt(200) == 0 ? (random.nextBoolean() ? "" : "-") + "7".repeat(60_000) : "null";
            default -> Long.toString(positiveLong());
        };
    }

    private String transfersValue() {
        switch (random.nextInt(12)) {
            case 0:
                return "null";
            case 1:
                return anyValue(2);
            case 2:
                return "[]";
            default:
                break;
        }
        int count = random.nextInt(15) == 0 ? LinkedTransfers.MAX_LEGS + random.nextInt(2) : 1 + random.nextInt(4);
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            json.append(i == 0 ? "" : ",").append(space());
            if (random.nextInt(40) == 0) {
                json.append(anyValue(1));
                continue;
            }
            List<String[]> leg = new ArrayList<>();
            addLegFields(leg);
            if (random.nextInt(10) == 0) {
                leg.add(new String[] {LEG_FIELDS[random.nextInt(LEG_FIELDS.length)], anyValue(1)});
            }
            json.append(object(leg));
        }
        return json.append(space()).append(']').toString();
    }

    /** Any JSON value, nested up to {@code depth} levels. */
    String anyValue(int depth) {
        int kinds = depth > 0 ? 10 : 8;
        return switch (random.nextInt(kinds)) {
            case 0 -> "null";
            case 1 -> random.nextBoolean() ? "true" : "false";
            case 2 -> Long.toString(random.nextLong());
            case 3 -> random.nextBoolean() ? "-12.5e-3" : Double.toString(random.nextDouble() * 1e6);
            case 4 -> "1" + "2".repeat(random.nextInt(30));
            case 5, 6, 7 -> string(text(random.nextInt(12)));
            case 8 -> {
                StringBuilder json = new StringBuilder("[");
                int count = random.nextInt(4);
                for (int i = 0; i < count; i++) {
                    json.append(i == 0 ? "" : ",").append(space()).append(anyValue(depth - 1));
                }
                yield json.append(']').toString();
            }
            default -> {
                List<String[]> fields = new ArrayList<>();
                int count = random.nextInt(4);
                for (int i = 0; i < count; i++) {
                    fields.add(new String[] {random.nextBoolean() ? "k" + i : text(3), anyValue(depth - 1)});
                }
                yield object(fields).strip();
            }
        };
    }

    // ---------------------------------------------------------------------------------------------------- results

    /** A result of any type and status, with any field values the result types accept. */
    Result anyResult() {
        CommandId id = commandId();
        boolean applied = random.nextInt(3) != 0;
        Status status = applied ? Status.APPLIED : Status.REJECTED;
        Reason reason = applied ? null : Reason.values()[random.nextInt(Reason.values().length)];
        String unknownCode = !applied && random.nextInt(10) == 0 ? "NEW_REASON_" + random.nextInt(100) : null;
        if (unknownCode != null) {
            reason = null;
        }
        String detail = applied || random.nextInt(4) == 0 ? null : text(random.nextInt(60));
        boolean replay = random.nextInt(5) == 0;
        Instant decidedAt = instant();
        return switch (random.nextInt(6)) {
            case 0, 1 -> {
                boolean pending = random.nextInt(3) == 0;
                yield new TransferResult(id, status, reason, detail, replay, maybe(account()), maybe(account()),
                        applied ? anyLong() : maybe(anyLong()), maybe(currency()),
                        random.nextBoolean() ? null : text(random.nextInt(30)),
                        applied ? anyLong() : maybe(anyLong()), applied ? anyLong() : maybe(anyLong()), decidedAt,
                        pending, pending && applied && random.nextBoolean() ? instant() : null, unknownCode);
            }
            case 2 -> new OpenAccountResult(id, status, reason, detail, replay, maybe(account()), maybe(currency()),
                    maybe(anyLong()), random.nextInt(3) == 0 ? null : random.nextBoolean(), decidedAt, unknownCode);
            case 3 -> new PendingResolutionResult(id,
                    random.nextBoolean() ? CommandType.POST_PENDING : CommandType.VOID_PENDING, status, reason,
                    detail, replay, applied ? commandId() : maybe(commandId()),
                    applied ? account() : maybe(account()), applied ? account() : maybe(account()),
                    applied ? anyLong() : maybe(anyLong()), applied ? currency() : maybe(currency()),
                    applied ? anyLong() : maybe(anyLong()), applied ? anyLong() : maybe(anyLong()), decidedAt,
                    unknownCode);
            case 4 -> {
                List<LinkedTransfersResult.LegBalances> legs = new ArrayList<>();
                int count = applied ? 1 + random.nextInt(random.nextInt(10) == 0 ? 100 : 4) : 0;
                for (int i = 0; i < count; i++) {
                    legs.add(new LinkedTransfersResult.LegBalances(anyLong(), anyLong()));
                }
                yield new LinkedTransfersResult(id, status, reason, detail, replay, legs,
                        applied || random.nextInt(3) == 0 ? null : random.nextInt(LinkedTransfers.MAX_LEGS),
                        decidedAt, unknownCode);
            }
            default -> new CloseAccountResult(id, status, reason, detail, replay, maybe(account()), decidedAt,
                    unknownCode);
        };
    }

    /** The applied result of a plain transfer, as the worker publishes nearly every result. */
    Result typicalResult() {
        Transfer transfer = new Transfer(commandId(),
                new AccountId(String.format(Locale.ROOT, "load-%05d", random.nextInt(1000))),
                new AccountId(String.format(Locale.ROOT, "load-%05d", random.nextInt(1000))),
                1 + random.nextInt(10_000), "EUR", null);
        return TransferResult.applied(transfer, random.nextInt(1_000_000), random.nextInt(1_000_000),
                Instant.ofEpochMilli(1_790_000_000_000L + random.nextInt(1_000_000_000)));
    }

    /**
     * An instant: mostly around now, also anywhere in the years 0 to 9999, before 1970, at the edges of the
     * four-digit years, and beyond them.
     */
    Instant instant() {
        long first = -62_167_219_200L;
        long last = 253_402_300_799L;
        return switch (random.nextInt(12)) {
            case 0 -> Instant.ofEpochSecond(first + (long) (random.nextDouble() * (last - first)),
                    random.nextInt(1_000_000_000));
            case 1 -> Instant.ofEpochSecond(random.nextBoolean() ? first - random.nextInt(2) : last + random.nextInt(2),
                    random.nextBoolean() ? 0 : 999_999_999);
            case 2 -> Instant.ofEpochSecond(-random.nextInt(Integer.MAX_VALUE), random.nextInt(1_000_000_000));
            case 3 -> Instant.ofEpochSecond(random.nextBoolean() ? last + 1 + random.nextInt(Integer.MAX_VALUE)
                    : first - 1 - random.nextInt(Integer.MAX_VALUE), random.nextInt(1_000_000_000));
            case 4 -> random.nextBoolean() ? Instant.EPOCH : Instant.ofEpochSecond(0, 999_999);
            case 5 -> random.nextInt(10) != 0 ? Instant.ofEpochSecond(-1, 999_000_000)
                    : random.nextBoolean() ? Instant.MAX : Instant.MIN;
            default -> Instant.ofEpochMilli(1_790_000_000_000L + (long) (random.nextDouble() * 1e11))
                    .plusNanos(random.nextInt(1_000_000));
        };
    }

    // -------------------------------------------------------------------------------------------------- helpers

    AccountId account() {
        return new AccountId(accountText(1 + random.nextInt(random.nextInt(10) == 0 ? AccountId.MAX_LENGTH : 12)));
    }

    private String accountText(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(ACCOUNT_CHARS.charAt(random.nextInt(i == 0 ? 62 : ACCOUNT_CHARS.length())));
        }
        return text.toString();
    }

    String currency() {
        return random.nextInt(4) != 0 ? "EUR"
                : "" + (char) ('A' + random.nextInt(26)) + (char) ('A' + random.nextInt(26))
                        + (char) ('A' + random.nextInt(26));
    }

    private String reference() {
        String text;
        do {
            text = text(random.nextInt(40));
        } while (!Money.isValidReference(text));
        return text;
    }

    private long positiveLong() {
        return switch (random.nextInt(6)) {
            case 0 -> Long.MAX_VALUE - random.nextInt(3);
            case 1 -> 1 + (random.nextLong() >>> 1) % Long.MAX_VALUE;
            default -> 1 + random.nextInt(1_000_000);
        };
    }

    private long anyLong() {
        return switch (random.nextInt(5)) {
            case 0 -> random.nextLong();
            case 1 -> random.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE;
            case 2 -> Integer.MAX_VALUE + (long) random.nextInt(3) - 1;
            default -> random.nextInt(2_000_001) - 1_000_000;
        };
    }

    private <T> T maybe(T value) {
        return random.nextInt(4) == 0 ? null : value;
    }

    private CommandId commandId() {
        return new CommandId(new UUID(random.nextLong(), random.nextLong()));
    }

    private String uuid() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    private String mixedCase(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            out.append(random.nextBoolean() ? Character.toUpperCase(c) : c);
        }
        return out.toString();
    }

    /**
     * Text of {@code length} characters from every corner of UTF-16: ASCII, the characters JSON must escape,
     * Latin-1, other BMP characters (line separators, byte order mark, non-characters), surrogate pairs and, now and
     * then, an unpaired surrogate.
     */
    String text(int length) {
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            int draw = random.nextInt(100);
            if (draw < 55) {
                text.append((char) (0x20 + random.nextInt(0x5F)));
            } else if (draw < 62) {
                text.append("\"\\/\b\f\n\r\t\u0000\u001f\u007f".charAt(random.nextInt(11)));
            } else if (draw < 72) {
                text.append((char) (0xA0 + random.nextInt(0x60)));
            } else if (draw < 82) {
                char[] specials = {'\u2028', '\u2029', '\ufeff', '\ufffe', '\uffff', '\u0430', '\u20ac', '\u4e2d'};
                text.append(random.nextBoolean() ? specials[random.nextInt(specials.length)]
                        : (char) (0x100 + random.nextInt(0xD700)));
            } else if (draw < 97) {
                text.appendCodePoint(0x10000 + random.nextInt(0x100000));
            } else {
                text.append((char) (0xD800 + random.nextInt(0x800)));
            }
        }
        return text.toString();
    }

    /**
     * {@code text} as a JSON string literal, escaped in one of the ways JSON allows: the characters that must be,
     * and others at random (short forms, {@code \\uXXXX} in either case, surrogates one by one). An unpaired
     * surrogate is always escaped, since UTF-8 cannot carry it.
     */
    String string(String text) {
        StringBuilder json = new StringBuilder("\"");
        boolean escapeMore = random.nextInt(4) == 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                // A pair is escaped whole or not at all: half escaped, half raw would be unpaired in UTF-8.
                char low = text.charAt(++i);
                json.append(escapeMore && random.nextBoolean() ? escaped(c) + escaped(low) : "" + c + low);
            } else if (Character.isSurrogate(c)) {
                json.append(escaped(c));
            } else if (c == '"' || c == '\\' || c < 0x20 || (escapeMore && random.nextInt(3) == 0)) {
                String shortForm = SHORT_ESCAPES.get(c);
                json.append(shortForm != null && random.nextBoolean() ? shortForm : escaped(c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }

    private String escaped(char c) {
        String hex = Integer.toHexString(0x10000 | c).substring(1);
        return "\\u" + (random.nextBoolean() ? hex : hex.toUpperCase(Locale.ROOT));
    }

    private String space() {
        if (random.nextInt(4) != 0) {
            return "";
        }
        StringBuilder space = new StringBuilder();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            space.append(" \t\n\r".charAt(random.nextInt(4)));
        }
        return space.toString();
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] with(byte[] bytes, int at, byte value, boolean replace) {
        byte[] out = new byte[bytes.length + (replace && bytes.length > 0 ? 0 : 1)];
        System.arraycopy(bytes, 0, out, 0, at);
        out[at] = value;
        int rest = replace && bytes.length > 0 ? at + 1 : at;
        System.arraycopy(bytes, rest, out, at + 1, bytes.length - rest);
        return out;
    }

    private static byte[] without(byte[] bytes, int at) {
        byte[] out = new byte[bytes.length - 1];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(bytes, at + 1, out, at, bytes.length - at - 1);
        return out;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] out = new byte[first.length + second.length];
        System.arraycopy(first, 0, out, 0, first.length);
        System.arraycopy(second, 0, out, first.length, second.length);
        return out;
    }
}
