package dev.tally.worker.security;

/** Stops start-up when the read API's security settings contradict each other or leave it open unchosen. */
class ReadApiAccessException extends IllegalStateException {

    private final String description;
    private final String action;

    ReadApiAccessException(String description, String action) {
        super(description + ". " + action);
        this.description = description;
        this.action = action;
    }

    String description() {
        return description;
    }

    String action() {
        return action;
    }
}
