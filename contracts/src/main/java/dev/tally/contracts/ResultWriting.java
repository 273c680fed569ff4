package dev.tally.contracts;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;
import tools.jackson.core.util.ByteArrayBuilder;

/**
 * Writes results as the worker publishes them, one per command: straight to a {@link JsonGenerator}, in the field
 * order and with the {@code null}s contract v1 (and v1.1) has always had: {@code reason} written as {@code null}
 * on an applied result, {@code detail} and {@code reference} left out when there are none, the other echoed fields
 * of an invalid command written as {@code null}. The generator is the codec mapper's, so strings are escaped exactly
 * as that mapper escapes them.
 */
final class ResultWriting {

    private static final DateTimeFormatter INSTANT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the instants whose year is written with four digits, no sign. */
    private static final long FIRST_FOUR_DIGIT_SECOND = -62_167_219_200L;
    private static final long LAST_FOUR_DIGIT_SECOND = 253_402_300_799L;

    /** A result is a few hundred bytes; the builder grows past this only for a long detail or reference. */
    private static final int FIRST_BLOCK_BYTES = 512;

    private static final SerializableString ID = name("id");
    private static final SerializableString TYPE = name("type");
    private static final SerializableString STATUS = name("status");
    private static final SerializableString REASON = name("reason");
    private static final SerializableString DETAIL = name("detail");
    private static final SerializableString REPLAY = name("replay");
    private static final SerializableString DEBIT_ACCOUNT_ID = name("debit_account_id");
    private static final SerializableString CREDIT_ACCOUNT_ID = name("credit_account_id");
    private static final SerializableString AMOUNT = name("amount");
    private static final SerializableString CURRENCY = name("currency");
    private static final SerializableString REFERENCE = name("reference");
    private static final SerializableString DEBIT_BALANCE = name("debit_balance");
    private static final SerializableString CREDIT_BALANCE = name("credit_balance");
    private static final SerializableString PENDING = name("pending");
    private static final SerializableString EXPIRES_AT = name("expires_at");
    private static final SerializableString ACCOUNT_ID = name("account_id");
    private static final SerializableString OVERDRAFT_LIMIT = name("overdraft_limit");
    private static final SerializableString UNBOUNDED = name("unbounded");
    private static final SerializableString OWNER = name("owner");
    private static final SerializableString PENDING_ID = name("pending_id");
    private static final SerializableString LEGS = name("legs");
    private static final SerializableString FAILED_LEG = name("failed_leg");
    private static final SerializableString DECIDED_AT = name("decided_at");

    private ResultWriting() {
    }

    static byte[] encode(Result result) {
        ByteArrayBuilder out = new ByteArrayBuilder(FIRST_BLOCK_BYTES);
        try (JsonGenerator json = WireCodec.MAPPER.createGenerator(out)) {
            json.writeStartObject();
            text(json, ID, result.id().toString());
            text(json, TYPE, result.type().wireName());
            text(json, STATUS, result.status().name());
            text(json, REASON, result.reasonCode());
            if (result.detail() != null) {
                text(json, DETAIL, result.detail());
            }
            json.writeName(REPLAY);
            json.writeBoolean(result.replay());
            if (result instanceof TransferResult t) {
                transfer(json, t);
            } else if (result instanceof OpenAccountResult o) {
                text(json, ACCOUNT_ID, account(o.accountId()));
                text(json, CURRENCY, o.currency());
                number(json, OVERDRAFT_LIMIT, o.overdraftLimit());
                json.writeName(UNBOUNDED);
                if (o.unbounded() == null) {
                    json.writeNull();
                } else {
                    json.writeBoolean(o.unbounded());
                }
                if (o.owner() != null) {
                    text(json, OWNER, o.owner());
                }
            } else if (result instanceof PendingResolutionResult p) {
                text(json, PENDING_ID, p.pendingId() == null ? null : p.pendingId().toString());
                text(json, DEBIT_ACCOUNT_ID, account(p.debitAccountId()));
                text(json, CREDIT_ACCOUNT_ID, account(p.creditAccountId()));
                number(json, AMOUNT, p.amount());
                text(json, CURRENCY, p.currency());
                number(json, DEBIT_BALANCE, p.debitBalance());
                number(json, CREDIT_BALANCE, p.creditBalance());
            } else if (result instanceof LinkedTransfersResult l) {
                linked(json, l);
            } else if (result instanceof CloseAccountResult c) {
                text(json, ACCOUNT_ID, account(c.accountId()));
            }
            json.writeName(DECIDED_AT);
            instant(json, result.decidedAt());
            json.writeEndObject();
        }
        return out.toByteArray();
    }

    private static void transfer(JsonGenerator json, TransferResult t) {
        text(json, DEBIT_ACCOUNT_ID, account(t.debitAccountId()));
        text(json, CREDIT_ACCOUNT_ID, account(t.creditAccountId()));
        number(json, AMOUNT, t.amount());
        text(json, CURRENCY, t.currency());
        if (t.reference() != null) {
            text(json, REFERENCE, t.reference());
        }
        number(json, DEBIT_BALANCE, t.debitBalance());
        number(json, CREDIT_BALANCE, t.creditBalance());
        if (t.pending()) {
            json.writeName(PENDING);
            json.writeBoolean(true);
            json.writeName(EXPIRES_AT);
            if (t.expiresAt() == null) {
                json.writeNull();
            } else {
                instant(json, t.expiresAt());
            }
        }
    }

    private static void linked(JsonGenerator json, LinkedTransfersResult l) {
        if (l.applied()) {
            json.writeName(LEGS);
            json.writeStartArray();
            for (LinkedTransfersResult.LegBalances leg : l.legs()) {
                json.writeStartObject();
                number(json, DEBIT_BALANCE, leg.debitBalance());
                number(json, CREDIT_BALANCE, leg.creditBalance());
                json.writeEndObject();
            }
            json.writeEndArray();
        } else {
            json.writeName(FAILED_LEG);
            if (l.failedLeg() == null) {
                json.writeNull();
            } else {
                json.writeNumber(l.failedLeg().intValue());
            }
        }
    }

    /** A string field; {@code null} is written as JSON {@code null}. */
    private static void text(JsonGenerator json, SerializableString name, String value) {
        json.writeName(name);
        if (value == null) {
            json.writeNull();
        } else {
            json.writeString(value);
        }
    }

    /** An integer field; {@code null} is written as JSON {@code null}. */
    private static void number(JsonGenerator json, SerializableString name, Long value) {
        json.writeName(name);
        if (value == null) {
            json.writeNull();
        } else {
            json.writeNumber(value.longValue());
        }
    }

    private static String account(AccountId id) {
        return id == null ? null : id.value();
    }

    /**
     * An instant as {@code uuuu-MM-dd'T'HH:mm:ss.SSS'Z'} in UTC, the milliseconds cut (not rounded) from the
     * nanoseconds. Written digit by digit for the years 0 to 9999, where the pattern gives four digits and no sign;
     * the formatter writes any other year, as it always has.
     */
    private static void instant(JsonGenerator json, Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST_FOUR_DIGIT_SECOND || seconds > LAST_FOUR_DIGIT_SECOND) {
            json.writeString(INSTANT.format(instant));
            return;
        }
        LocalDateTime time = LocalDateTime.ofEpochSecond(seconds, instant.getNano(), ZoneOffset.UTC);
        char[] text = new char[24];
        digits(text, 0, time.getYear(), 4);
        text[4] = '-';
        digits(text, 5, time.getMonthValue(), 2);
        text[7] = '-';
        digits(text, 8, time.getDayOfMonth(), 2);
        text[10] = 'T';
        digits(text, 11, time.getHour(), 2);
        text[13] = ':';
        digits(text, 14, time.getMinute(), 2);
        text[16] = ':';
        digits(text, 17, time.getSecond(), 2);
        text[19] = '.';
        digits(text, 20, time.getNano() / 1_000_000, 3);
        text[23] = 'Z';
        json.writeString(text, 0, text.length);
    }

    /** Writes {@code value} as {@code count} decimal digits, zero-padded, at {@code offset}. */
    private static void digits(char[] text, int offset, int value, int count) {
        for (int i = offset + count - 1; i >= offset; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    private static SerializableString name(String name) {
        return new SerializedString(name);
    }
}
