package dev.tally.producer.clients;

/** A client could not be added, listed or removed, for a reason the message states in one line for the operator. */
public final class ClientAdminException extends RuntimeException {

    public ClientAdminException(String message) {
        super(message);
    }
}
