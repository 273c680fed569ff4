package dev.tally.testkit;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Everything to undo at JVM exit, undone by one shutdown hook in reverse order of creation, so that databases
 * are dropped before the server that holds them stops.
 */
final class Cleanups {

    private final Deque<Runnable> actions = new ArrayDeque<>();

    static Cleanups install() {
        Cleanups cleanups = new Cleanups();
        Runtime.getRuntime().addShutdownHook(new Thread(cleanups::runAll, "tally-testkit-cleanup"));
        return cleanups;
    }

    synchronized void add(String description, Runnable action) {
        this.actions.push(() -> {
            try {
                action.run();
            }
            catch (RuntimeException ex) {
                // One failed step must not leave the remaining containers or databases behind.
                System.err.println("[tally-testkit] Could not " + description + ": " + ex);
            }
        });
    }

    synchronized void runAll() {
        while (!this.actions.isEmpty()) {
            this.actions.pop().run();
        }
    }

}
