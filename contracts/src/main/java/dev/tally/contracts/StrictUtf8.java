package dev.tally.contracts;

/**
 * Whether bytes are well-formed UTF-8 exactly as the JDK's UTF-8 decoder (reporting malformed input) judges it, the
 * table of well-formed byte sequences of the Unicode Standard (section 3.9): no overlong form, no encoded surrogate,
 * nothing above U+10FFFF, no sequence cut short. It checks the bytes in place, without decoding them into text.
 */
final class StrictUtf8 {

    private StrictUtf8() {
    }

    static boolean isValid(byte[] bytes) {
        int i = 0;
        int end = bytes.length;
        while (i < end) {
            int b = bytes[i];
            if (b >= 0) {
                i++;
                continue;
            }
            b &= 0xFF;
            if (b < 0xC2) {
                // A continuation byte where a character starts, or the lead of an overlong two-byte form.
                return false;
            }
            if (b < 0xE0) {
                if (i + 1 >= end || !isContinuation(bytes[i + 1])) {
                    return false;
                }
                i += 2;
            } else if (b < 0xF0) {
                if (i + 2 >= end) {
                    return false;
                }
                int second = bytes[i + 1] & 0xFF;
                // E0 needs A0-BF (no overlong form); ED needs 80-9F (no surrogate, U+D800-U+DFFF).
                int low = b == 0xE0 ? 0xA0 : 0x80;
                int high = b == 0xED ? 0x9F : 0xBF;
                if (second < low || second > high || !isContinuation(bytes[i + 2])) {
                    return false;
                }
                i += 3;
            } else if (b < 0xF5) {
                if (i + 3 >= end) {
                    return false;
                }
                int second = bytes[i + 1] & 0xFF;
                // F0 needs 90-BF (no overlong form); F4 needs 80-8F (nothing above U+10FFFF).
                int low = b == 0xF0 ? 0x90 : 0x80;
                int high = b == 0xF4 ? 0x8F : 0xBF;
                if (second < low || second > high || !isContinuation(bytes[i + 2])
                        || !isContinuation(bytes[i + 3])) {
                    return false;
                }
                i += 4;
            } else {
                return false;
            }
        }
        return true;
    }

    private static boolean isContinuation(byte b) {
        return (b & 0xC0) == 0x80;
    }
}
