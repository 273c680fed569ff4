package dev.tally.worker.kafka;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tally.contracts.ClientTopics;
import dev.tally.worker.WorkerSettings;

/**
 * Which topics the worker reads commands from, and where the results and dead letters of each go (contract v1.2):
 * the operator's commands topic, answered on the operator's results and dead-letter topics as in v1, and every
 * {@code <prefix><client>.commands} whose client name is valid, answered on {@code <prefix><client>.results} and
 * {@code <prefix><client>.commands.DLT} only. The prefix is {@code tally.client.} unless configured.
 */
final class ClientRoutes {

    /**
     * Where the outcomes of one commands topic's records go.
     *
     * @param client      the client whose topic it is; {@code null} for the operator's
     * @param results     the topic of its results
     * @param deadLetters the topic of its dead letters
     */
    record Route(String client, String results, String deadLetters) {

        boolean operator() {
            return client == null;
        }
    }

    private final String prefix;
    private final Pattern clientCommands;
    private final Pattern subscription;
    private final Route operator;
    private final String operatorCommands;
    // One entry per commands topic ever read: looked up per record, so no pattern is matched per record.
    private final Map<String, Route> routes = new ConcurrentHashMap<>();

    ClientRoutes(WorkerSettings.TopicSettings topics, WorkerSettings.ClientSettings clients) {
        this.prefix = clients.topicPrefix();
        this.operatorCommands = topics.commands();
        this.operator = new Route(null, topics.results(), topics.deadLetters());
        String name = "(" + ClientTopics.NAME.pattern() + ")";
        this.clientCommands = Pattern.compile(literal(prefix) + name + "\\.commands");
        this.subscription = Pattern.compile(literal(operatorCommands) + "|" + clientCommands.pattern());
    }

    /** The operator's commands topic and every client's, for one subscription: one listener, one transaction. */
    Pattern subscription() {
        return subscription;
    }

    /** The route of a topic the subscription matched. */
    Route route(String commandsTopic) {
        Route route = routes.get(commandsTopic);
        return route != null ? route : routes.computeIfAbsent(commandsTopic, this::newRoute);
    }

    /** The client whose commands topic this is, or {@code null} for the operator's or any other topic. */
    String clientOf(String commandsTopic) {
        if (commandsTopic.equals(operatorCommands)) {
            return null;
        }
        Matcher matcher = clientCommands.matcher(commandsTopic);
        return matcher.matches() ? matcher.group(1) : null;
    }

    /**
     * The client whose results or dead-letter topic this is (where a send failed), or {@code null} for any other
     * topic.
     */
    String clientOfOutput(String topic) {
        String commands = topic.endsWith(".results")
                ? topic.substring(0, topic.length() - ".results".length()) + ".commands"
                : topic.endsWith(".commands.DLT") ? topic.substring(0, topic.length() - ".DLT".length()) : null;
        return commands == null ? null : clientOf(commands);
    }

    /** {@code <prefix><client>.commands}. */
    String commands(String client) {
        return prefix + client + ".commands";
    }

    private Route newRoute(String commandsTopic) {
        String client = clientOf(commandsTopic);
        if (client == null) {
            if (!commandsTopic.equals(operatorCommands)) {
                throw new IllegalArgumentException(commandsTopic + " is not a commands topic of the worker");
            }
            return operator;
        }
        return new Route(client, prefix + client + ".results", prefix + client + ".commands.DLT");
    }

    /** {@code text} as a regular expression matching exactly itself (topic names hold no other metacharacter). */
    private static String literal(String text) {
        return text.replace(".", "\\.");
    }
}
