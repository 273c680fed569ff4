package dev.tally.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * Runs the codec and {@link ReferenceCodec} on the same input and asserts the same outcome: for a command record
 * the same kind of record with equal fields (command, reason, detail, canonical fields, dead-letter reason and
 * detail) and the same fingerprint bytes; for a result the same bytes, or the same exception.
 */
final class SameAsReference {

    private SameAsReference() {
    }

    /** The codec's reading of {@code value}, after asserting it is the reference codec's. */
    static ParsedRecord parse(byte[] value) {
        ParsedRecord actual = WireCodec.parseCommand(value);
        ParsedRecord expected = ReferenceCodec.parseCommand(value);
        // Compared plainly first, and described only on a difference: the tests run this tens of thousands of times.
        if (!actual.equals(expected)) {
            assertThat(actual).as("the record read from %s", describe(value)).isEqualTo(expected);
        }
        if (expected instanceof ParsedRecord.Identified identified) {
            byte[] fingerprint = ((ParsedRecord.Identified) actual).fingerprint();
            byte[] expectedFingerprint = ReferenceCodec.fingerprint(identified);
            if (!Arrays.equals(fingerprint, expectedFingerprint)) {
                assertThat(HexFormat.of().formatHex(fingerprint)).as("the fingerprint of %s", describe(value))
                        .isEqualTo(HexFormat.of().formatHex(expectedFingerprint));
            }
        }
        return actual;
    }

    /** The codec's bytes for {@code result}, after asserting they are the reference codec's. */
    static byte[] encode(Result result) {
        byte[] expected;
        try {
            expected = ReferenceCodec.encodeResult(result);
        } catch (RuntimeException e) {
            RuntimeException thrown = null;
            try {
                WireCodec.encodeResult(result);
            } catch (RuntimeException actual) {
                thrown = actual;
            }
            assertThat(thrown).as("the exception writing %s", result).isNotNull();
            assertThat(thrown.getClass()).as("the exception writing %s", result).isEqualTo(e.getClass());
            assertThat(thrown.getMessage()).as("the exception writing %s", result).isEqualTo(e.getMessage());
            return null;
        }
        byte[] actual = WireCodec.encodeResult(result);
        if (!Arrays.equals(actual, expected)) {
            assertThat(describe(actual)).as("the bytes written for %s", result).isEqualTo(describe(expected));
        }
        return actual;
    }

    /** Bytes as text a failure message can show: printable ASCII as is, every other byte as {@code \xNN}. */
    static String describe(byte[] value) {
        if (value == null) {
            return "null";
        }
        StringBuilder text = new StringBuilder();
        for (byte b : value) {
            if (b >= 0x20 && b < 0x7F && b != '\\') {
                text.append((char) b);
            } else {
                text.append("\\x").append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        return text.toString();
    }
}
