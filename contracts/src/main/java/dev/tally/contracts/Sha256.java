package dev.tally.contracts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 of a fingerprint's text, with one digest per thread: looking a digest up by name costs a provider search
 * and a new object, more than hashing a command's few dozen bytes, and the worker fingerprints every record.
 */
final class Sha256 {

    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Sha256::newDigest);

    private Sha256() {
    }

    /** The 32-byte SHA-256 of {@code text} in UTF-8. */
    static byte[] of(String text) {
        // digest() hashes and resets in one call, so the thread's digest is always fresh for the next record.
        return DIGEST.get().digest(text.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
