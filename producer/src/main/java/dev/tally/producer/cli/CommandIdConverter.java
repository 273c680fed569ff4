package dev.tally.producer.cli;

import dev.tally.contracts.CommandId;
import picocli.CommandLine;

/** Reads a command id: a UUID in 8-4-4-4-12 hexadecimal form. */
final class CommandIdConverter implements CommandLine.ITypeConverter<CommandId> {

    @Override
    public CommandId convert(String value) {
        if (!CommandId.isValid(value)) {
            throw new CommandLine.TypeConversionException("'" + value
                    + "' is not a UUID in 8-4-4-4-12 hexadecimal form");
        }
        return CommandId.parse(value);
    }
}
