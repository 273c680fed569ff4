package dev.tally.contracts;

import static dev.tally.contracts.WireJson.assertDeadLetter;
import static dev.tally.contracts.WireJson.openAccount;
import static dev.tally.contracts.WireJson.parseInvalid;
import static dev.tally.contracts.WireJson.parseTransfer;
import static dev.tally.contracts.WireJson.transfer;
import static dev.tally.contracts.WireJson.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.junit.jupiter.api.Test;

/**
 * Integers of more than 19 digits, which no 64-bit field can hold: each gets the result the contract gives any
 * out-of-range integer (above 2^63-1 is {@code INVALID_COMMAND}, at or below zero is {@code INVALID_AMOUNT}), with
 * the same detail and the same fingerprint as before they were bounded, and without the cost of converting them.
 */
class LongIntegerTests {

    private static final String SIXTY_THOUSAND_NINES = "9".repeat(60_000);

    @Test
    void keepsTheNineteenDigitBoundaryOfAnAmount() {
        // Proves the bound sits exactly at the 64-bit range: 19 digits are read as before, on both sides of 2^63-1.
        assertThat(parseTransfer(transfer("amount", "9223372036854775807")).amount()).isEqualTo(Long.MAX_VALUE);
        assertThat(parseInvalid(transfer("amount", "9223372036854775808")).reason()).isEqualTo(Reason.INVALID_COMMAND);
        assertThat(parseInvalid(transfer("amount", "9999999999999999999")).reason()).isEqualTo(Reason.INVALID_COMMAND);
        assertThat(parseInvalid(transfer("amount", "-9223372036854775809")).reason()).isEqualTo(Reason.INVALID_AMOUNT);
        assertThat(parseInvalid(transfer("amount", "-0")).reason()).isEqualTo(Reason.INVALID_AMOUNT);
    }

    @Test
    void rejectsAnAmountOfTwentyOrMoreDigitsAsInvalidCommand() {
        // Proves a positive amount beyond 19 digits is out of range, named in the detail, however long it is.
        for (String amount : new String[] {"10000000000000000000", "1" + "0".repeat(19), SIXTY_THOUSAND_NINES}) {
            ParsedRecord.Invalid invalid = parseInvalid(transfer("amount", amount));
            assertThat(invalid.reason()).isEqualTo(Reason.INVALID_COMMAND);
            assertThat(invalid.detail()).isEqualTo("amount must be at most 9223372036854775807");
        }
    }

    @Test
    void rejectsANegativeAmountOfTwentyOrMoreDigitsAsInvalidAmountEchoingItsFirstDigits() {
        // Proves a hugely negative integer is still "an integer <= 0", and the detail shows its first 64 characters.
        ParsedRecord.Invalid invalid = parseInvalid(transfer("amount", "-1" + SIXTY_THOUSAND_NINES));

        assertThat(invalid.reason()).isEqualTo(Reason.INVALID_AMOUNT);
        assertThat(invalid.detail()).isEqualTo("amount must be at least 1 minor unit, was -1"
                + "9".repeat(62) + "...");
    }

    @Test
    void rejectsAnOverdraftLimitOfTwentyOrMoreDigitsOnEitherSide() {
        // Proves the other integer field follows the same rules: too large, or negative (with its digits echoed).
        ParsedRecord.Invalid large = parseInvalid(openAccount("overdraft_limit", SIXTY_THOUSAND_NINES));
        ParsedRecord.Invalid negative = parseInvalid(openAccount("overdraft_limit", "-12345678901234567890"));

        assertThat(large.reason()).isEqualTo(Reason.INVALID_COMMAND);
        assertThat(large.detail()).isEqualTo("overdraft_limit must be at most 9223372036854775807");
        assertThat(negative.reason()).isEqualTo(Reason.INVALID_COMMAND);
        assertThat(negative.detail()).startsWith("overdraft_limit must be >= 0, was -12345678901234567890 (");
    }

    @Test
    void keepsTheStoredFingerprintOfACommandWithALongInteger() throws Exception {
        // Proves the fingerprint of an invalid command is computed from the integer's exact digits, byte for byte as
        // before the bound (a retry of a command decided by an older worker is still a retry), including an integer
        // nested in a value of the wrong type.
        String digits = "1234567890".repeat(3);
        byte[] flat = parseInvalid(transfer("amount", digits)).fingerprint();
        byte[] nested = parseInvalid(transfer("amount", "[" + digits + ",-" + digits + "]")).fingerprint();

        assertThat(flat).isEqualTo(sha256("invalid\ntransfer\ndebit_account_id=\"alice\"\ncredit_account_id=\"bob\""
                + "\namount=" + digits + "\ncurrency=\"EUR\"\nreference="));
        assertThat(nested).isEqualTo(sha256("invalid\ntransfer\ndebit_account_id=\"alice\"\ncredit_account_id=\"bob\""
                + "\namount=[" + digits + ",-" + digits + "]\ncurrency=\"EUR\"\nreference="));
        assertThat(parseInvalid(transfer("amount", digits + "1")).fingerprint()).isNotEqualTo(flat);
    }

    @Test
    void keepsTheDeadLetterRulesForALongIntegerIdOrType() {
        // Proves a long integer where a string is expected changes nothing: no id is MISSING_ID, no type UNKNOWN_TYPE.
        assertDeadLetter(transfer("id", SIXTY_THOUSAND_NINES), DeadLetterReason.MISSING_ID);
        assertThat(assertDeadLetter(transfer("type", SIXTY_THOUSAND_NINES), DeadLetterReason.UNKNOWN_TYPE).detail())
                .contains("\"" + "9".repeat(64) + "...\"");
    }

    @Test
    void parsesFiveHundredSixtyThousandDigitAmountsInUnderTwoSecondsOfCpu() {
        // Proves a poll's worth of 64 KiB amounts of digits costs little CPU to read and fingerprint: the thread's
        // CPU time (not wall-clock time, so a busy machine does not fail it) stays under 2 s for 500 of them, half
        // positive and half negative. Converting each to a BigInteger and writing it back as text, as the codec once
        // did, took 6 to 10 s here; bounded, it takes well under a tenth of the limit.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        assertThat(threads.isCurrentThreadCpuTimeSupported()).as("thread CPU time is measurable").isTrue();
        byte[][] records = new byte[500][];
        for (int i = 0; i < records.length; i++) {
            String amount = (i % 2 == 0 ? "" : "-") + (1 + i % 9) + SIXTY_THOUSAND_NINES;
            records[i] = utf8(new String(transfer("amount", amount), StandardCharsets.UTF_8));
            assertThat(records[i].length).isLessThanOrEqualTo(WireCodec.MAX_COMMAND_BYTES);
        }

        long startNs = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < records.length; i++) {
            // WireCodec itself, not parseInvalid, which also runs the reference codec on each record.
            ParsedRecord.Invalid invalid = (ParsedRecord.Invalid) WireCodec.parseCommand(records[i]);
            assertThat(invalid.fingerprint()).hasSize(32);
            assertThat(invalid.reason()).isEqualTo(i % 2 == 0 ? Reason.INVALID_COMMAND : Reason.INVALID_AMOUNT);
        }
        long cpuMs = (threads.getCurrentThreadCpuTime() - startNs) / 1_000_000;

        System.out.println("500 records of 60,000-digit amounts: " + cpuMs + " ms of CPU to parse and fingerprint");
        assertThat(cpuMs).as("CPU time in ms for 500 records").isLessThan(2_000);
    }

    private static byte[] sha256(String text) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    }
}
