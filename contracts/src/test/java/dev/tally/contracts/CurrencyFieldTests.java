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

/** The currency rule of contract v1 (three upper-case ASCII letters), checked on both command types. */
class CurrencyFieldTests {

    /** The two command types, each with a way to build it with a given currency and to read the currency back. */
    enum CommandShape {
        TRANSFER(WireJson::transfer, command -> ((Transfer) command).currency()),
        OPEN_ACCOUNT(WireJson::openAccount, command -> ((OpenAccount) command).currency());

        private final Function<String[], byte[]> builder;
        private final Function<Command, String> reader;

        CommandShape(Function<String[], byte[]> builder, Function<Command, String> reader) {
            this.builder = builder;
            this.reader = reader;
        }

        byte[] withCurrency(String rawValue) {
            return builder.apply(new String[] {"currency", rawValue});
        }
    }

    static Stream<Arguments> acceptedCurrencies() {
        return cross("EUR", "USD", "JPY", "XAU", "AAA", "ZZZ");
    }

    static Stream<Arguments> rejectedCurrencies() {
        // Lower case, wrong lengths, digits, punctuation, spaces, non-ASCII letters and control characters.
        return cross("eur", "Eur", "EUr", "EURO", "EU", "E", "", "E1R", "123", "EU-", " EUR", "EUR ", "ÉUR", "ＥＵＲ",
                "EU\u0000", "EU\n");
    }

    static Stream<Arguments> currenciesOfOtherJsonTypes() {
        return cross("978", "1.5", "true", "[\"EUR\"]", "{\"code\":\"EUR\"}");
    }

    private static Stream<Arguments> cross(String... samples) {
        return Arrays.stream(CommandShape.values())
                .flatMap(shape -> Arrays.stream(samples).map(sample -> Arguments.of(shape, sample)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("acceptedCurrencies")
    void acceptsThreeUpperCaseLetters(CommandShape shape, String currency) {
        // Proves any three upper-case ASCII letters are a currency, read unchanged.
        assertThat(shape.reader.apply(parseValid(shape.withCurrency(quote(currency))))).isEqualTo(currency);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("rejectedCurrencies")
    void rejectsAnythingButThreeUpperCaseLettersAsInvalidCommand(CommandShape shape, String currency) {
        // Proves the currency is neither upper-cased nor trimmed nor cut: every other string is refused.
        assertInvalidCommand(shape.withCurrency(quote(currency)), "currency");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("currenciesOfOtherJsonTypes")
    void rejectsACurrencyThatIsNotAJsonStringAsInvalidCommand(CommandShape shape, String rawValue) {
        // Proves a numeric ISO-4217 code (978 for EUR) or any other JSON type is not a currency.
        assertInvalidCommand(shape.withCurrency(rawValue), "currency");
    }

    @ParameterizedTest
    @EnumSource(CommandShape.class)
    void rejectsAMissingCurrencyAsInvalidCommand(CommandShape shape) {
        // Proves the currency is required on both command types.
        assertInvalidCommand(shape.withCurrency(null), "currency");
    }

    @ParameterizedTest
    @EnumSource(CommandShape.class)
    void rejectsANullCurrencyAsInvalidCommand(CommandShape shape) {
        // Proves JSON null counts as a missing currency.
        assertInvalidCommand(shape.withCurrency("null"), "currency");
    }
}
