package dev.tally.worker.kafka;

/**
 * A poll held records of a client that is paused (its results or dead-letter topic cannot be written): the poll is
 * rolled back before anything is decided and read again at once, without that client's partitions, whose pause the
 * container applies before its next poll.
 */
final class ClientPausedException extends RuntimeException {

    ClientPausedException(String client) {
        super("client " + client + " is paused; its records are read again once it resumes", null, false, false);
    }
}
