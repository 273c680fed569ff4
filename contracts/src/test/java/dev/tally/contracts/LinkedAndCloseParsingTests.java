package dev.tally.contracts;

import static dev.tally.contracts.WireJson.ID;
import static dev.tally.contracts.WireJson.assertInvalidCommand;
import static dev.tally.contracts.WireJson.closeAccount;
import static dev.tally.contracts.WireJson.leg;
import static dev.tally.contracts.WireJson.linked;
import static dev.tally.contracts.WireJson.parseInvalid;
import static dev.tally.contracts.WireJson.parseValid;
import static dev.tally.contracts.WireJson.quote;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The field rules of {@code linked_transfers} and {@code close_account} (contract v1.1). */
class LinkedAndCloseParsingTests {

    private static final AccountId ALICE = new AccountId("alice");
    private static final AccountId BOB = new AccountId("bob");

    @Test
    void readsTheLegsInOrderKeyedByTheFirstDebit() {
        // Proves every leg keeps its fields and place, and the command is ordered by the first leg's debit.
        LinkedTransfers linked = (LinkedTransfers) parseValid(linked("[" + leg("reference", quote("r1")) + ","
                + leg("debit_account_id", quote("bob"), "credit_account_id", quote("carol"), "amount", "7") + "]"));

        assertThat(linked.legs()).containsExactly(new LinkedTransfers.Leg(ALICE, BOB, 100, "EUR", "r1"),
                new LinkedTransfers.Leg(BOB, new AccountId("carol"), 7, "EUR", null));
        assertThat(linked.orderingKey()).isEqualTo(ALICE);
    }

    @Test
    void acceptsOneToOneHundredLegs() {
        // Proves both bounds of the leg count are inclusive.
        assertThat(((LinkedTransfers) parseValid(linked("[" + leg() + "]"))).legs()).hasSize(1);
        assertThat(((LinkedTransfers) parseValid(linked("[" + String.join(",", Collections.nCopies(100, leg()))
                + "]"))).legs()).hasSize(100);
    }

    @Test
    void rejectsNoLegsOrMoreThanAHundredAsInvalidCommand() {
        // Proves an empty list and 101 legs are INVALID_COMMAND naming transfers.
        assertInvalidCommand(linked("[]"), "transfers");
        assertInvalidCommand(linked("[" + String.join(",", Collections.nCopies(101, leg())) + "]"), "transfers");
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "{}", "\"legs\"", "3"})
    void rejectsMissingOrNonArrayTransfersAsInvalidCommand(String transfers) {
        // Proves transfers is required and must be an array.
        assertInvalidCommand(linked(transfers), "transfers");
    }

    @Test
    void rejectsALegThatIsNotAnObjectNamingItsIndex() {
        // Proves a leg of the wrong JSON type is named by its place in the list.
        assertInvalidCommand(linked("[" + leg() + ",7]"), "transfers[1]");
    }

    @Test
    void rejectsALegAmountAtOrBelowZeroAsInvalidAmountNamingTheLeg() {
        // Proves the v1 amount rule inside a leg: an integer <= 0 is INVALID_AMOUNT, and detail names the leg.
        ParsedRecord.Invalid invalid = parseInvalid(linked("[" + leg() + "," + leg() + "," + leg("amount", "0")
                + "]"));

        assertThat(invalid.reason()).isEqualTo(Reason.INVALID_AMOUNT);
        assertThat(invalid.detail()).contains("transfers[2].amount");
    }

    @Test
    void rejectsEveryOtherBrokenLegFieldAsInvalidCommandNamingIt() {
        // Proves each transfer field rule applies to a leg and the detail says which leg and field.
        assertInvalidCommand(linked("[" + leg("debit_account_id", null) + "]"), "transfers[0].debit_account_id");
        assertInvalidCommand(linked("[" + leg("credit_account_id", quote("-x")) + "]"),
                "transfers[0].credit_account_id");
        assertInvalidCommand(linked("[" + leg("amount", "1.5") + "]"), "transfers[0].amount");
        assertInvalidCommand(linked("[" + leg("amount", "9223372036854775808") + "]"), "transfers[0].amount");
        assertInvalidCommand(linked("[" + leg("currency", quote("eur")) + "]"), "transfers[0].currency");
        assertInvalidCommand(linked("[" + leg("reference", "5") + "]"), "transfers[0].reference");
    }

    @Test
    void rejectsAPendingLegButIgnoresAnIdOrPendingFalse() {
        // Proves a leg cannot be a hold ("pending": true is refused rather than silently moving money at once),
        // while pending false and an id, which the contract leaves out of a leg, change nothing.
        assertInvalidCommand(linked("[" + leg("pending", "true") + "]"), "transfers[0].pending");
        LinkedTransfers plain = (LinkedTransfers) parseValid(linked("[" + leg() + "]"));

        assertThat(parseValid(linked("[" + leg("pending", "false", "id", quote(ID)) + "]"))).isEqualTo(plain);
    }

    @Test
    void fingerprintsLinkedCommandsByEveryLegInOrder() {
        // Proves swapping legs or moving text between a reference and the next leg changes the fingerprint.
        CommandId id = CommandId.parse(ID);
        LinkedTransfers.Leg one = new LinkedTransfers.Leg(ALICE, BOB, 1, "EUR", "a\nbob\nalice\n1\nEUR\n-");
        LinkedTransfers.Leg two = new LinkedTransfers.Leg(BOB, ALICE, 1, "EUR", null);

        assertThat(new LinkedTransfers(id, List.of(one, two)).canonicalFields())
                .isNotEqualTo(new LinkedTransfers(id, List.of(two, one)).canonicalFields())
                .isNotEqualTo(new LinkedTransfers(id, List.of(new LinkedTransfers.Leg(ALICE, BOB, 1, "EUR", "a"),
                        two, two)).canonicalFields());
    }

    @Test
    void readsACloseAccount() {
        // Proves a closing names its account and is keyed by it.
        CloseAccount close = (CloseAccount) parseValid(closeAccount());

        assertThat(close).isEqualTo(new CloseAccount(CommandId.parse(ID), ALICE));
        assertThat(close.orderingKey()).isEqualTo(ALICE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "\"\"", "\"-alice\"", "42", "\"a b\""})
    void rejectsAMissingOrMalformedAccountToCloseAsInvalidCommand(String account) {
        // Proves the account id rules of v1 apply to a closing.
        ParsedRecord.Invalid invalid = assertInvalidCommand(closeAccount("account_id", account), "account_id");

        assertThat(invalid.type()).isEqualTo(CommandType.CLOSE_ACCOUNT);
        assertInvalidCommand(closeAccount("account_id", null), "account_id");
    }
}
