package dev.tally.contracts;

import java.util.Objects;

/**
 * What a record on the commands topic turned out to be. Every record is exactly one of: a valid command, a command
 * that gets a {@code REJECTED} result because a field breaks the contract, or not a command at all (dead letter).
 */
public sealed interface ParsedRecord {

    /** A record that carries a usable id and a known type, and therefore always gets a result. */
    sealed interface Identified extends ParsedRecord {

        CommandId id();

        CommandType type();

        /**
         * SHA-256 of the command's fields (id excluded): stored with the decision, compared when the id comes again.
         */
        byte[] fingerprint();
    }

    /** A command that obeys every field rule. */
    record Valid(Command command) implements Identified {

        public Valid {
            Objects.requireNonNull(command, "command");
        }

        @Override
        public CommandId id() {
            return command.id();
        }

        @Override
        public CommandType type() {
            return command.type();
        }

        @Override
        public byte[] fingerprint() {
            return Sha256.of(command.canonicalFields());
        }
    }

    /**
     * A command with a usable id and type whose fields break the contract; it is rejected with {@code reason}
     * ({@link Reason#INVALID_COMMAND} or {@link Reason#INVALID_AMOUNT}) and {@code detail} naming the field.
     *
     * @param canonicalFields the known fields as they were written, to tell a retry from a reuse of the id
     */
    record Invalid(CommandId id, CommandType type, Reason reason, String detail, String canonicalFields)
            implements Identified {

        public Invalid {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(canonicalFields, "canonicalFields");
        }

        @Override
        public byte[] fingerprint() {
            return Sha256.of("invalid\n" + canonicalFields);
        }
    }

    /** Not a command: it goes to the dead-letter topic with {@code reason} and {@code detail} in its headers. */
    record Unusable(DeadLetterReason reason, String detail) implements ParsedRecord {

        public Unusable {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
