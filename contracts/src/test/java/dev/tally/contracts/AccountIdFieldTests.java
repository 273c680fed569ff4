package dev.tally.contracts;

import static dev.tally.contracts.WireJson.assertInvalidCommand;
import static dev.tally.contracts.WireJson.parseValid;
import static dev.tally.contracts.WireJson.quote;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The account-id rule of contract v1 (1–64 characters from {@code A-Z a-z 0-9 _ . : @ -}, starting with a letter
 * or digit), checked on every field that holds an account id: both accounts of a transfer and the account an
 * opening names.
 */
class AccountIdFieldTests {

    /** The three fields of contract v1 that hold an account id, each with a way to build and to read it. */
    enum AccountField {
        DEBIT("debit_account_id", WireJson::transfer, command -> ((Transfer) command).debitAccountId()),
        CREDIT("credit_account_id", WireJson::transfer, command -> ((Transfer) command).creditAccountId()),
        OPENED("account_id", WireJson::openAccount, command -> ((OpenAccount) command).accountId());

        final String name;
        private final Function<String[], byte[]> builder;
        private final Function<Command, AccountId> reader;

        AccountField(String name, Function<String[], byte[]> builder, Function<Command, AccountId> reader) {
            this.name = name;
            this.builder = builder;
            this.reader = reader;
        }

        /** A valid command whose account-id field holds {@code rawValue} (raw JSON, or {@code null} to omit it). */
        byte[] commandWith(String rawValue) {
            return builder.apply(new String[] {name, rawValue});
        }

        AccountId read(Command command) {
            return reader.apply(command);
        }
    }

    static Stream<Arguments> acceptedIds() {
        // "alice--" holds SQL's comment marker, yet only allowed characters: the rule is no SQL filter, which is why
        // ids are always bound as parameters.
        return cross("a", "7", "A".repeat(64), "alice_1", "alice.1", "alice:1", "alice@1", "alice-1", "a-", "0.:@_-z",
                "Z9", "alice--");
    }

    static Stream<Arguments> idsStartingWithPunctuation() {
        return cross("_alice", ".alice", ":alice", "@alice", "-alice");
    }

    static Stream<Arguments> idsWithSqlMetacharacters() {
        return cross("alice'", "alice\"", "alice;", "a' OR '1'='1", "bob); DROP TABLE accounts;--",
                "alice%", "alice*", "alice/", "alice\\", "alice bob", "alice,bob", "alice=1", "alice(1)");
    }

    static Stream<Arguments> idsWithNonAsciiCharacters() {
        // Lookalikes and letters outside ASCII must not pass: the lock order is bytewise and the same in SQL.
        return cross("ålice", "alicé", "аlice" /* Cyrillic a */, "ａlice" /* fullwidth a */, "alice\u00a0",
                "e\u0301", "١٢٣" /* Arabic-Indic digits */, "alice😀", "\u00df");
    }

    static Stream<Arguments> idsWithControlCharacters() {
        return cross("alice\u0000", "al\tice", "alice\n", "\nalice", "alice\r", "ali\u001fce", "alice\u007f",
                "alice\u0085");
    }

    /** Every field paired with every sample, so that a rule applied to one field only cannot hide. */
    private static Stream<Arguments> cross(String... samples) {
        return Arrays.stream(AccountField.values())
                .flatMap(field -> Arrays.stream(samples).map(sample -> Arguments.of(field, sample)));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("acceptedIds")
    void acceptsIdsOfOneToSixtyFourAllowedCharactersStartingWithALetterOrDigit(AccountField field, String id) {
        // Proves the boundary lengths (1 and 64) and each allowed punctuation character after the first are read
        // into the command unchanged.
        Command command = parseValid(field.commandWith(quote(id)));

        assertThat(field.read(command).value()).isEqualTo(id);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(AccountField.class)
    void rejectsAnEmptyIdAsInvalidCommand(AccountField field) {
        // Proves the lower length bound: zero characters is not an id.
        assertInvalidCommand(field.commandWith(quote("")), field.name);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(AccountField.class)
    void rejectsAnIdOfSixtyFiveCharactersAsInvalidCommand(AccountField field) {
        // Proves the upper length bound: one character over 64 is refused.
        assertInvalidCommand(field.commandWith(quote("a".repeat(65))), field.name);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("idsStartingWithPunctuation")
    void rejectsAnIdStartingWithPunctuationAsInvalidCommand(AccountField field, String id) {
        // Proves punctuation is allowed only after the first character.
        assertInvalidCommand(field.commandWith(quote(id)), field.name);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("idsWithSqlMetacharacters")
    void rejectsAnIdHoldingSqlMetacharactersAsInvalidCommand(AccountField field, String id) {
        // Proves quotes, semicolons, comments, wildcards and spaces never reach the database as part of an id.
        assertInvalidCommand(field.commandWith(quote(id)), field.name);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("idsWithNonAsciiCharacters")
    void rejectsAnIdHoldingNonAsciiCharactersAsInvalidCommand(AccountField field, String id) {
        // Proves letters, digits and lookalikes outside ASCII are refused, whatever Character.isLetter thinks.
        assertInvalidCommand(field.commandWith(quote(id)), field.name);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("idsWithControlCharacters")
    void rejectsAnIdHoldingControlCharactersAsInvalidCommand(AccountField field, String id) {
        // Proves NUL, tab, newlines and other control characters (written as JSON escapes) are refused.
        assertInvalidCommand(field.commandWith(quote(id)), field.name);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(AccountField.class)
    void rejectsAMissingIdAsInvalidCommand(AccountField field) {
        // Proves an account id is required: leaving it out gets a rejection naming the field, not a dead letter.
        assertInvalidCommand(field.commandWith(null), field.name);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(AccountField.class)
    void rejectsANullIdAsInvalidCommand(AccountField field) {
        // Proves JSON null counts as missing.
        assertInvalidCommand(field.commandWith("null"), field.name);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("idsOfOtherJsonTypes")
    void rejectsAnIdThatIsNotAJsonStringAsInvalidCommand(AccountField field, String rawValue) {
        // Proves an id must be a JSON string: a number that looks like a valid id is still refused.
        assertInvalidCommand(field.commandWith(rawValue), field.name);
    }

    static Stream<Arguments> idsOfOtherJsonTypes() {
        return cross("42", "true", "[\"alice\"]", "{\"id\":\"alice\"}");
    }
}
