package dev.tally.contracts;

import static dev.tally.contracts.WireJson.ID;
import static dev.tally.contracts.WireJson.openAccount;
import static dev.tally.contracts.WireJson.parseInvalid;
import static dev.tally.contracts.WireJson.parseValid;
import static dev.tally.contracts.WireJson.quote;
import static dev.tally.contracts.WireJson.transfer;
import static dev.tally.contracts.WireJson.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Locale;

import org.junit.jupiter.api.Test;

/**
 * The fingerprint that tells a client's retry (same id, same fields) from a reuse of its id (same id, other fields),
 * and the id's own normalisation.
 */
class FingerprintTests {

    private static final String TRANSFER_IN_ORDER = "{\"type\":\"transfer\",\"id\":\"" + ID + "\","
            + "\"debit_account_id\":\"alice\",\"credit_account_id\":\"bob\",\"amount\":1250,\"currency\":\"EUR\","
            + "\"reference\":\"order-42\"}";

    private static final String TRANSFER_REORDERED = "{\"reference\":\"order-42\",\"currency\":\"EUR\","
            + "\"amount\":1250,\"credit_account_id\":\"bob\",\"id\":\"" + ID + "\",\"debit_account_id\":\"alice\","
            + "\"type\":\"transfer\"}";

    @Test
    void givesTheSameFingerprintToTheSameFieldsInAnotherOrder() {
        // Proves field order, which JSON writers do not promise to keep, does not make a retry look like a reuse.
        assertThat(fingerprint(utf8(TRANSFER_IN_ORDER))).isEqualTo(fingerprint(utf8(TRANSFER_REORDERED)));
    }

    @Test
    void givesTheSameFingerprintWhateverTheUnknownFieldsAndWhitespace() {
        // Proves unknown fields (a client's trace id, say) and formatting are not part of the command's identity.
        byte[] plain = transfer();
        byte[] decorated = utf8(" {\n  \"trace\" : \"abc\", " + new String(transfer("sent_at", "1700000000"),
                StandardCharsets.UTF_8).substring(1).replace(",", " ,\n ") + "\n");

        assertThat(fingerprint(decorated)).isEqualTo(fingerprint(plain));
    }

    @Test
    void givesTheSameFingerprintToAnAbsentAndANullReference() {
        // Proves the two spellings of "no reference" are the same command.
        assertThat(fingerprint(transfer("reference", "null"))).isEqualTo(fingerprint(transfer()));
    }

    @Test
    void givesTheSameFingerprintToADefaultAndAnExplicitZeroOverdraftLimit() {
        // Proves an opening that spells out the default limit is a retry of one that left it out.
        assertThat(fingerprint(openAccount("overdraft_limit", "0"))).isEqualTo(fingerprint(openAccount()));
    }

    @Test
    void leavesTheIdOutOfTheFingerprint() {
        // Proves the fingerprint describes the fields only, so it is compared under one id, never used as an id.
        byte[] other = transfer("id", quote("7d8e2c4a-1b3f-4a5e-8c6d-9e0f1a2b3c4d"));

        assertThat(fingerprint(other)).isEqualTo(fingerprint(transfer()));
    }

    @Test
    void givesADifferentFingerprintToADifferentAmount() {
        // Proves a reused id with another amount is detected (ID_REUSED_WITH_DIFFERENT_FIELDS), never replayed.
        assertThat(fingerprint(transfer("amount", "1251"))).isNotEqualTo(fingerprint(transfer()));
    }

    @Test
    void givesADifferentFingerprintToAnyOtherChangedField() {
        // Proves every field of both command types takes part in the fingerprint.
        byte[] transfer = fingerprint(transfer());
        assertThat(fingerprint(transfer("debit_account_id", quote("carol")))).isNotEqualTo(transfer);
        assertThat(fingerprint(transfer("credit_account_id", quote("carol")))).isNotEqualTo(transfer);
        assertThat(fingerprint(transfer("currency", quote("USD")))).isNotEqualTo(transfer);
        assertThat(fingerprint(transfer("reference", quote("")))).isNotEqualTo(transfer);
        assertThat(fingerprint(transfer("reference", quote("a")))).isNotEqualTo(fingerprint(transfer("reference",
                quote("b"))));

        byte[] open = fingerprint(openAccount());
        assertThat(fingerprint(openAccount("account_id", quote("carol")))).isNotEqualTo(open);
        assertThat(fingerprint(openAccount("currency", quote("USD")))).isNotEqualTo(open);
        assertThat(fingerprint(openAccount("overdraft_limit", "1"))).isNotEqualTo(open);
        assertThat(fingerprint(openAccount("unbounded", "true"))).isNotEqualTo(open);
    }

    @Test
    void givesATransferAndAnOpeningDifferentFingerprints() {
        // Proves an id reused for a command of the other type is not taken for a retry.
        assertThat(fingerprint(openAccount())).isNotEqualTo(fingerprint(transfer()));
    }

    @Test
    void givesAnInvalidCommandAndItsRetryTheSameFingerprint() {
        // Proves a retry of a rejected, invalid command gets the stored rejection again, even with its fields
        // reordered and other unknown fields.
        byte[] first = transfer("amount", "\"10\"", "note", "1");
        byte[] retry = utf8("{\"amount\":\"10\",\"currency\":\"EUR\",\"credit_account_id\":\"bob\","
                + "\"debit_account_id\":\"alice\",\"id\":\"" + ID + "\",\"type\":\"transfer\",\"note\":2}");

        assertThat(parseInvalid(retry).fingerprint()).isEqualTo(parseInvalid(first).fingerprint());
    }

    @Test
    void givesDifferentlyInvalidCommandsDifferentFingerprints() {
        // Proves a reused id is detected among invalid commands too, including a value of another JSON type.
        assertThat(parseInvalid(transfer("amount", "\"10\"")).fingerprint())
                .isNotEqualTo(parseInvalid(transfer("amount", "10.0")).fingerprint())
                .isNotEqualTo(parseInvalid(transfer("amount", "\"11\"")).fingerprint());
        assertThat(parseInvalid(openAccount("overdraft_limit", "-1")).fingerprint())
                .isNotEqualTo(parseInvalid(openAccount("overdraft_limit", "-2")).fingerprint());
    }

    @Test
    void givesAnInvalidCommandAFingerprintNoValidCommandHas() {
        // Proves a valid command cannot pass for a retry of an invalid one under the same id.
        assertThat(parseInvalid(transfer("amount", "0")).fingerprint()).isNotEqualTo(fingerprint(transfer()));
    }

    @Test
    void fingerprintsAValidCommandWithSha256OfItsCanonicalFields() throws Exception {
        // Proves the algorithm is pinned: fingerprints are stored with decisions, so a change would turn every
        // retry of an older command into an id reuse.
        Command command = parseValid(transfer());
        byte[] expected = MessageDigest.getInstance("SHA-256")
                .digest(command.canonicalFields().getBytes(StandardCharsets.UTF_8));

        assertThat(fingerprint(transfer())).isEqualTo(expected).hasSize(32);
        assertThat(parseInvalid(transfer("amount", "0")).fingerprint()).hasSize(32);
    }

    @Test
    void acceptsAnUpperCaseIdAndWritesItBackInLowerCase() {
        // Proves an id in upper-case hexadecimal is the same id, and every message the contract writes uses the
        // lower-case canonical form.
        String upper = ID.toUpperCase(Locale.ROOT);
        Command command = parseValid(transfer("id", quote(upper)));
        ParsedRecord.Invalid invalid = parseInvalid(transfer("id", quote(upper), "amount", "0"));

        assertThat(command.id()).isEqualTo(CommandId.parse(ID));
        assertThat(command.id().toString()).isEqualTo(ID);
        assertThat(new String(WireCodec.encodeCommand(command), StandardCharsets.UTF_8))
                .contains("\"id\":\"" + ID + "\"").doesNotContain(upper);
        assertThat(new String(WireCodec.encodeResult(Result.ofInvalid(invalid, Instant.EPOCH)),
                StandardCharsets.UTF_8)).contains("\"id\":\"" + ID + "\"").doesNotContain(upper);
        assertThat(fingerprint(transfer("id", quote(upper)))).isEqualTo(fingerprint(transfer()));
    }

    private static byte[] fingerprint(byte[] value) {
        ParsedRecord parsed = WireCodec.parseCommand(value);
        assertThat(parsed).isInstanceOf(ParsedRecord.Identified.class);
        return ((ParsedRecord.Identified) parsed).fingerprint();
    }
}
