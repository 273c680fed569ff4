package dev.tally.producer.cli;

/** A failure to report to the user as one line, without a stack trace, with the exit code it deserves. */
final class CliException extends RuntimeException {

    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }

    /** A bad argument, a connection failure or a missing topic: exit code 2. */
    static CliException usage(String message) {
        return new CliException(TallyCli.EXIT_USAGE, message);
    }
}
