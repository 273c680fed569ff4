package dev.tally.testkit;

import org.testcontainers.DockerClientFactory;

/**
 * Asks Docker at most once, and only if a service actually needs it, because the first answer costs time.
 */
final class DockerCheck {

    private Boolean available;

    boolean available() {
        if (this.available == null) {
            this.available = ask();
        }
        return this.available;
    }

    private static boolean ask() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        }
        catch (Exception | LinkageError ex) {
            // A broken Docker setup is treated like no Docker, so the local fallback still runs the tests.
            return false;
        }
    }

}
