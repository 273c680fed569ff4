package dev.tally.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/**
 * Reason codes a newer worker may add: the strict reading (the worker's, and every check of its output) refuses a
 * code it does not know, while a client's lenient reading keeps it as text, so that an older client survives a
 * newer worker.
 */
class UnknownReasonCodeTests {

    private static final String ID = "0b6f3f0e-8d5a-4f4e-9a53-3c1f0e2d9b11";

    private static byte[] rejection(String reason) {
        return ("{\"id\":\"" + ID + "\",\"type\":\"transfer\",\"status\":\"REJECTED\",\"reason\":\"" + reason + "\","
                + "\"detail\":\"the hold expired\",\"replay\":false,\"debit_account_id\":\"alice\","
                + "\"credit_account_id\":\"bob\",\"amount\":10,\"currency\":\"EUR\",\"debit_balance\":null,"
                + "\"credit_balance\":null,\"decided_at\":\"2026-11-25T12:00:00.123Z\",\"expires_at\":null}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void refusesAnUnknownReasonCodeWhenReadingStrictly() {
        // Proves the worker side stays strict: a code outside this version's enum is an error, naming the code.
        assertThatThrownBy(() -> WireCodec.decodeResult(rejection("ACCOUNT_FROZEN")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ACCOUNT_FROZEN");
    }

    @Test
    void keepsAnUnknownReasonCodeAsTextWhenReadingLeniently() {
        // Proves a client reads the whole rejection, with the new code as text and no enum reason, and writes it
        // back unchanged.
        Result result = WireCodec.decodeResultLeniently(rejection("ACCOUNT_FROZEN"));

        assertThat(result.status()).isEqualTo(Status.REJECTED);
        assertThat(result.reason()).isNull();
        assertThat(result.reasonCode()).isEqualTo("ACCOUNT_FROZEN");
        assertThat(result.detail()).isEqualTo("the hold expired");
        assertThat(((TransferResult) result).amount()).isEqualTo(10);
        assertThat(new String(WireCodec.encodeResult(result), StandardCharsets.UTF_8))
                .contains("\"reason\":\"ACCOUNT_FROZEN\"");
        assertThat(result.withReplay(true).reasonCode()).isEqualTo("ACCOUNT_FROZEN");
    }

    @Test
    void readsAKnownReasonCodeAsItsEnumEitherWay() {
        // Proves nothing changes for known codes: the enum is set, the code matches it, and a result built with the
        // enum alone equals the one read.
        Result strict = WireCodec.decodeResult(rejection("INSUFFICIENT_FUNDS"));
        Result lenient = WireCodec.decodeResultLeniently(rejection("INSUFFICIENT_FUNDS"));

        assertThat(strict).isEqualTo(lenient);
        assertThat(strict.reason()).isEqualTo(Reason.INSUFFICIENT_FUNDS);
        assertThat(strict.reasonCode()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(strict).isEqualTo(new TransferResult(CommandId.parse(ID), Status.REJECTED,
                Reason.INSUFFICIENT_FUNDS, "the hold expired", false, new AccountId("alice"), new AccountId("bob"),
                10L, "EUR", null, null, null, Instant.parse("2026-11-25T12:00:00.123Z")));
    }

    @Test
    void refusesSomethingThatIsNoReasonCodeEvenLeniently() {
        // Proves leniency is for codes only: lower case, spaces or more than 64 characters are not a code.
        for (String junk : new String[] {"insufficient funds", "", "A".repeat(65)}) {
            assertThatThrownBy(() -> WireCodec.decodeResultLeniently(rejection(junk)))
                    .as(junk)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void keepsTheRuleThatAReasonComesExactlyWithARejection() {
        // Proves an unknown code does not loosen the result's own rule: an applied result has no code.
        assertThatThrownBy(() -> new OpenAccountResult(CommandId.parse(ID), Status.APPLIED, null, null, false, null,
                null, null, null, Instant.EPOCH, "SOMETHING_NEW"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OpenAccountResult(CommandId.parse(ID), Status.REJECTED, Reason.ACCOUNT_EXISTS,
                null, false, null, null, null, null, Instant.EPOCH, "SOMETHING_NEW"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
