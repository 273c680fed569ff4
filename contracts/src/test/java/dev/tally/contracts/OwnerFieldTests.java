package dev.tally.contracts;

import static dev.tally.contracts.WireJson.openAccount;
import static dev.tally.contracts.WireJson.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Contract v1.2's additions (read with the codec itself: the reference codec the older tests compare with is v1.1's): an opening's optional {@code owner}, echoed in its result and fingerprinted only when
 * named (so that every fingerprint stored before v1.2 still matches its command), and the reason
 * {@code NOT_PERMITTED}.
 */
class OwnerFieldTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ID = "3f0c2d2e-8a4b-4c1e-9d7a-2b5e6f7a8c9d";

    @Test
    void readsTheOwnerAnOpeningNames() {
        assertThat(open(openAccount("owner", "\"shop-a\"")).owner()).isEqualTo("shop-a");
        assertThat(open(openAccount()).owner()).isNull();
        assertThat(open(openAccount("owner", "null")).owner()).isNull();
        // An owner on any other command is an unknown field, ignored as ever.
        assertThat(WireCodec.parseCommand(WireJson.transfer("owner", "42"))).isInstanceOf(ParsedRecord.Valid.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"Shop-A\"", "\"-shop\"", "\"\"", "\"shop.a\"", "42", "true",
            "\"a123456789012345678901234567890123456789x\""})
    void rejectsAnOwnerThatIsNoClientNameAsInvalidCommandNamingTheField(String owner) {
        ParsedRecord parsed = WireCodec.parseCommand(openAccount("owner", owner));

        assertThat(parsed).isInstanceOf(ParsedRecord.Invalid.class);
        assertThat(((ParsedRecord.Invalid) parsed).reason()).isEqualTo(Reason.INVALID_COMMAND);
        assertThat(((ParsedRecord.Invalid) parsed).detail()).startsWith("owner ");
    }

    @Test
    void keepsTheFingerprintsOfOpeningsStoredBeforeOwnersExisted() {
        // Proves v1 openings hash as they did before v1.2: the hex values were computed by the codec of the commit
        // before owners were added (a valid bounded and unbounded opening, and an invalid one).
        assertThat(fingerprint("{\"type\":\"open_account\",\"id\":\"" + ID + "\",\"account_id\":\"alice\","
                + "\"currency\":\"EUR\",\"overdraft_limit\":0}"))
                .isEqualTo("2af11d49b9474e85c578852f15b411f7c450c7da33078ac4908c5f3d0b17d586");
        assertThat(fingerprint("{\"type\":\"open_account\",\"id\":\"" + ID + "\",\"account_id\":\"bank\","
                + "\"currency\":\"EUR\",\"unbounded\":true}"))
                .isEqualTo("effe223869207a91115f0980405a538e70e3ecc68a7cc86fc85ab7bfc5c54750");
        assertThat(fingerprint("{\"type\":\"open_account\",\"id\":\"" + ID + "\",\"account_id\":\"alice\","
                + "\"currency\":\"eur\"}"))
                .isEqualTo("dbfa2ba4249bfb4255202b8e45473c21b440bf5f27aef225db421df632e7c770");
    }

    @Test
    void fingerprintsANamedOwnerSoAnotherOwnerIsAnotherCommand() {
        String without = fingerprint("{\"type\":\"open_account\",\"id\":\"" + ID + "\",\"account_id\":\"w\","
                + "\"currency\":\"EUR\"}");
        String shopA = fingerprint("{\"type\":\"open_account\",\"id\":\"" + ID + "\",\"account_id\":\"w\","
                + "\"currency\":\"EUR\",\"owner\":\"shop-a\"}");
        String shopB = fingerprint("{\"type\":\"open_account\",\"id\":\"" + ID + "\",\"account_id\":\"w\","
                + "\"currency\":\"EUR\",\"owner\":\"shop-b\"}");
        String invalidWithOwner = fingerprint("{\"type\":\"open_account\",\"id\":\"" + ID + "\",\"account_id\":\"w\","
                + "\"currency\":\"eur\",\"owner\":\"shop-a\"}");
        String invalidWithout = fingerprint("{\"type\":\"open_account\",\"id\":\"" + ID + "\",\"account_id\":\"w\","
                + "\"currency\":\"eur\"}");

        assertThat(shopA).isNotEqualTo(without).isNotEqualTo(shopB);
        assertThat(invalidWithOwner).isNotEqualTo(invalidWithout);
    }

    @Test
    void writesAndReadsBackTheOwnerOfAnOpening() {
        OpenAccount open = OpenAccount.bounded(CommandId.parse(ID), new AccountId("shop-a:w"), "EUR", 0)
                .ownedBy("shop-a");
        assertThat(WireCodec.parseCommand(WireCodec.encodeCommand(open))).isEqualTo(new ParsedRecord.Valid(open));

        OpenAccountResult result = OpenAccountResult.applied(open, Instant.parse("2026-12-06T10:00:00.123Z"));
        byte[] encoded = WireCodec.encodeResult(result);

        assertThat(JSON.readTree(encoded).get("owner").stringValue()).isEqualTo("shop-a");
        assertThat(WireCodec.decodeResult(encoded)).isEqualTo(result);
    }

    @Test
    void leavesTheOwnerOutOfTheOperatorsOwnOpeningResults() {
        // The operator's results are as in v1: no owner field on an account of its own.
        OpenAccount open = OpenAccount.bounded(CommandId.parse(ID), new AccountId("alice"), "EUR", 0);
        JsonNode written = JSON.readTree(WireCodec.encodeResult(OpenAccountResult.applied(open,
                Instant.parse("2026-12-06T10:00:00.123Z"))));

        assertThat(written.has("owner")).isFalse();
    }

    @Test
    void writesAndReadsLegsWhoseForeignFiguresAreLeftOut() {
        LinkedTransfersResult result = new LinkedTransfersResult(CommandId.parse(ID), Status.APPLIED, null, null,
                false, java.util.List.of(new LinkedTransfersResult.LegBalances(90L, null)), null,
                Instant.parse("2026-12-06T10:00:00.123Z"));
        byte[] encoded = WireCodec.encodeResult(result);

        assertThat(JSON.readTree(encoded).at("/legs/0/credit_balance").isNull()).isTrue();
        assertThat(WireCodec.decodeResult(encoded)).isEqualTo(result);
    }

    @Test
    void knowsNotPermittedByItsStableWireCode() {
        assertThat(Reason.fromCode("NOT_PERMITTED")).isEqualTo(Reason.NOT_PERMITTED);
        assertThat(Reason.NOT_PERMITTED.code()).isEqualTo("NOT_PERMITTED");
    }

    private static OpenAccount open(byte[] value) {
        return (OpenAccount) ((ParsedRecord.Valid) WireCodec.parseCommand(value)).command();
    }

    private static String fingerprint(String command) {
        ParsedRecord parsed = WireCodec.parseCommand(utf8(command));
        return HexFormat.of().formatHex(((ParsedRecord.Identified) parsed).fingerprint());
    }
}
