package dev.tally.producer.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine;

/** Reads {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h} or ISO-8601 ({@code PT30S}); only positive durations. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h)");

    @Override
    public Duration convert(String value) {
        Duration duration = parse(value);
        if (duration.isNegative() || duration.isZero()) {
            throw new CommandLine.TypeConversionException("'" + value + "' must be a positive duration");
        }
        return duration;
    }

    /** The same forms, and also zero ({@code 0}, {@code 0s}) for "none"; a negative duration is refused. */
    static final class OrZero implements CommandLine.ITypeConverter<Duration> {

        @Override
        public Duration convert(String value) {
            if (value.trim().equals("0")) {
                return Duration.ZERO;
            }
            if (value.trim().startsWith("-")) {
                throw new CommandLine.TypeConversionException("'" + value + "' must not be negative");
            }
            Duration duration = parse(value);
            if (duration.isNegative()) {
                throw new CommandLine.TypeConversionException("'" + value + "' must not be negative");
            }
            return duration;
        }
    }

    private static Duration parse(String value) {
        Matcher matcher = SHORT.matcher(value.trim());
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        }
        try {
            return Duration.parse(value.trim());
        } catch (RuntimeException e) {
            throw new CommandLine.TypeConversionException("'" + value
                    + "' is not a duration (examples: 500ms, 30s, 2m, PT30S)");
        }
    }
}
