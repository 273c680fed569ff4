package dev.tally.contracts;

import static dev.tally.contracts.WireJson.ID;
import static dev.tally.contracts.WireJson.assertInvalidCommand;
import static dev.tally.contracts.WireJson.openAccount;
import static dev.tally.contracts.WireJson.parseOpenAccount;
import static dev.tally.contracts.WireJson.quote;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The field rules of an open-account command (overdraft limit, unboundedness, unknown fields), read from raw JSON
 * bytes by {@link WireCodec#parseCommand}. Account ids are covered by {@link AccountIdFieldTests}, currencies by
 * {@link CurrencyFieldTests}.
 */
class OpenAccountParsingTests {

    @Test
    void readsAValidOpeningIntoAnOpenAccountCommandOrderedByItsOwnAccount() {
        // Proves every field of a well-formed opening lands in the record, and its ordering key is its own account.
        OpenAccount open = parseOpenAccount(openAccount("overdraft_limit", "500"));

        assertThat(open.id()).isEqualTo(CommandId.parse(ID));
        assertThat(open.type()).isEqualTo(CommandType.OPEN_ACCOUNT);
        assertThat(open.accountId()).isEqualTo(new AccountId("alice"));
        assertThat(open.currency()).isEqualTo("EUR");
        assertThat(open.overdraftLimit()).isEqualTo(500L);
        assertThat(open.unbounded()).isFalse();
        assertThat(open.orderingKey()).isEqualTo(new AccountId("alice"));
    }

    // ----------------------------------------------------------------------------------------------- overdraft limit

    @Test
    void defaultsAnAbsentOverdraftLimitToZero() {
        // Proves an opening without a limit is a bounded account that may not go negative.
        OpenAccount open = parseOpenAccount(openAccount());

        assertThat(open.overdraftLimit()).isZero();
        assertThat(open.unbounded()).isFalse();
    }

    @Test
    void defaultsANullOverdraftLimitToZero() {
        // Proves JSON null means the same as an absent limit.
        assertThat(parseOpenAccount(openAccount("overdraft_limit", "null")).overdraftLimit()).isZero();
    }

    @Test
    void acceptsAnExplicitOverdraftLimitOfZero() {
        // Proves zero, the lower bound, is allowed when written out.
        assertThat(parseOpenAccount(openAccount("overdraft_limit", "0")).overdraftLimit()).isZero();
    }

    @Test
    void acceptsAnOverdraftLimitOfTwoToTheSixtyThirdMinusOne() {
        // Proves a large limit is read without loss up to the 64-bit bound.
        assertThat(parseOpenAccount(openAccount("overdraft_limit", "9223372036854775807")).overdraftLimit())
                .isEqualTo(Long.MAX_VALUE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "-9223372036854775808", "-100000000000000000000000000000"})
    void rejectsANegativeOverdraftLimitAsInvalidCommand(String limit) {
        // Proves a negative limit is an error (INVALID_COMMAND, not INVALID_AMOUNT), never read as "unbounded".
        assertInvalidCommand(openAccount("overdraft_limit", limit), "overdraft_limit");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "0.0", "100.0", "1e3"})
    void rejectsAnOverdraftLimitWrittenAsAFractionalNumberAsInvalidCommand(String limit) {
        // Proves a limit must be written as a JSON integer, like an amount.
        assertInvalidCommand(openAccount("overdraft_limit", limit), "overdraft_limit");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"100\"", "\"0\"", "true", "[0]", "{}"})
    void rejectsAnOverdraftLimitThatIsNotAJsonNumberAsInvalidCommand(String limit) {
        // Proves a string holding digits, a boolean, an array or an object is not a limit.
        assertInvalidCommand(openAccount("overdraft_limit", limit), "overdraft_limit");
    }

    @Test
    void rejectsAnOverdraftLimitAboveTwoToTheSixtyThirdMinusOneAsInvalidCommand() {
        // Proves a limit beyond the 64-bit range is refused, never wrapped around to a negative number.
        assertInvalidCommand(openAccount("overdraft_limit", "9223372036854775808"), "overdraft_limit");
    }

    // ----------------------------------------------------------------------------------------------------- unbounded

    @Test
    void opensAnUnboundedAccountWithoutAnOverdraftLimit() {
        // Proves "unbounded": true opens a funding account, whose limit is null (no floor).
        OpenAccount open = parseOpenAccount(openAccount("unbounded", "true"));

        assertThat(open.unbounded()).isTrue();
        assertThat(open.overdraftLimit()).isNull();
    }

    @Test
    void acceptsANullOverdraftLimitBesideUnboundedTrue() {
        // Proves a null limit is an absent one, so it does not conflict with "unbounded": true.
        OpenAccount open = parseOpenAccount(openAccount("unbounded", "true", "overdraft_limit", "null"));

        assertThat(open.unbounded()).isTrue();
        assertThat(open.overdraftLimit()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "100"})
    void rejectsAnOverdraftLimitBesideUnboundedTrueAsInvalidCommand(String limit) {
        // Proves an opening cannot be both unbounded and bounded, whatever the limit.
        assertInvalidCommand(openAccount("unbounded", "true", "overdraft_limit", limit), "overdraft_limit");
    }

    @Test
    void opensABoundedAccountWhenUnboundedIsFalse() {
        // Proves "unbounded": false is the default, with or without a limit beside it.
        assertThat(parseOpenAccount(openAccount("unbounded", "false")).overdraftLimit()).isZero();
        assertThat(parseOpenAccount(openAccount("unbounded", "false", "overdraft_limit", "250")).overdraftLimit())
                .isEqualTo(250L);
    }

    @Test
    void opensABoundedAccountWhenUnboundedIsNull() {
        // Proves JSON null means the same as an absent flag.
        assertThat(parseOpenAccount(openAccount("unbounded", "null")).unbounded()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"true\"", "1", "0", "[]", "{}", "\"yes\""})
    void rejectsAnUnboundedFlagThatIsNotAJsonBooleanAsInvalidCommand(String flag) {
        // Proves the flag must be a JSON boolean: a string or number that means "true" elsewhere is refused.
        assertInvalidCommand(openAccount("unbounded", flag), "unbounded");
    }

    // ---------------------------------------------------------------------------------------------- unknown fields

    @Test
    void ignoresUnknownFields() {
        // Proves fields the contract does not know do not change the command, even transfer fields.
        OpenAccount plain = parseOpenAccount(openAccount());
        OpenAccount withExtras = parseOpenAccount(openAccount("amount", "-5", "reference", "42", "Unbounded",
                "true", "meta", "{\"overdraft_limit\":-1}", "tags", "[\"x\"]"));

        assertThat(withExtras).isEqualTo(plain);
    }

    @Test
    void ignoresAnAccountIdOfAnotherFieldName() {
        // Proves an opening reads account_id only: a transfer's debit_account_id beside it is an unknown field.
        OpenAccount open = parseOpenAccount(openAccount("debit_account_id", quote("bob")));

        assertThat(open.accountId()).isEqualTo(new AccountId("alice"));
    }
}
