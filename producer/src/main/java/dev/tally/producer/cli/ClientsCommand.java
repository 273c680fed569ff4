package dev.tally.producer.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import dev.tally.contracts.ClientTopics;
import dev.tally.producer.clients.ClientAdmin;
import dev.tally.producer.clients.ClientAdminException;
import dev.tally.producer.clients.ClientHistory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tally clients add|list|remove}: a client's topics, SCRAM credential and ACLs (contract v1.2), managed with
 * the operator's credentials ({@code --command-config}). {@code add} and {@code remove} also read the database: a
 * name the book of record has seen (an account's owner, an opening's or a decided command's principal) is never
 * given to a new client, and a client is not removed while it owns open accounts or pending holds.
 */
@Command(name = "clients", description = "Add, list or remove clients: their topics, credential and ACLs "
        + "(operator credentials through --command-config).",
        subcommands = {ClientsCommand.Add.class, ClientsCommand.ListClients.class, ClientsCommand.Remove.class})
final class ClientsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing a command: add, list or remove");
    }

    @Command(name = "add", description = {"Create the client's topics (tally.client.<name>.commands, .results, "
            + ".commands.DLT), its ACLs and its SCRAM-SHA-512 credential; what exists is left as it is.",
            "The password comes from --password-file, or is generated and printed once."})
    static final class Add implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "The client's name, [a-z0-9][a-z0-9-]{0,39}")
        String name;

        @Option(names = "--password-file", paramLabel = "FILE",
                description = "A file whose first line is the client's password (default: generate one)")
        Path passwordFile;

        @Mixin
        KafkaOptions kafka;

        @Mixin
        DatabaseOptions database;

        @Override
        public Integer call() throws SQLException {
            requireName(name);
            String password = passwordFile == null ? null : readPassword(passwordFile);
            return withAdmin(kafka, clients -> {
                boolean exists = clients.exists(name);
                if (!exists) {
                    try (Connection connection = database.connect()) {
                        if (new ClientHistory(connection).everUsed(name)) {
                            throw CliException.usage("client name '" + name + "' was used before (the database "
                                    + "has its accounts or commands); a removed client's name is never reused");
                        }
                    } catch (SQLException e) {
                        throw CliException.usage("cannot read the database: " + e.getMessage());
                    }
                }
                String generated = password == null ? generatePassword() : null;
                ClientAdmin.Report report = clients.add(name, kafka.commandsTopic, kafka.resultsTopic,
                        password != null ? password : generated);
                print(spec, report);
                if (report.lines().stream().anyMatch(l -> l.startsWith("credential") && l.endsWith(": created"))
                        && generated != null) {
                    spec.commandLine().getOut().println("password (shown once, keep it): " + generated);
                }
                spec.commandLine().getOut().println(report.changed() ? "client " + name + " added"
                        : "client " + name + " exists; nothing changed");
                return TallyCli.EXIT_OK;
            });
        }
    }

    @Command(name = "list", description = "List the clients found through their topics and ACLs, with what each "
            + "has: topics, ACLs, credential.")
    static final class ListClients implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        KafkaOptions kafka;

        @Override
        public Integer call() {
            return withAdmin(kafka, clients -> {
                java.util.List<String> lines = clients.list();
                lines.forEach(spec.commandLine().getOut()::println);
                if (lines.isEmpty()) {
                    spec.commandLine().getOut().println("no clients");
                }
                return TallyCli.EXIT_OK;
            });
        }
    }

    @Command(name = "remove", description = {"Delete the client's credential, ACLs and topics.",
            "Refused while the client owns open accounts or pending holds; its name is never given to another "
                    + "client."})
    static final class Remove implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "The client's name")
        String name;

        @Mixin
        KafkaOptions kafka;

        @Mixin
        DatabaseOptions database;

        @Override
        public Integer call() throws SQLException {
            requireName(name);
            try (Connection connection = database.connect()) {
                ClientHistory history = new ClientHistory(connection);
                long accounts = history.openAccounts(name);
                long holds = history.liveHolds(name);
                if (accounts > 0 || holds > 0) {
                    throw CliException.usage("client " + name + " owns " + accounts + " open account(s) and "
                            + holds + " pending hold(s); close them (or void the holds) before removing it");
                }
            }
            return withAdmin(kafka, clients -> {
                ClientAdmin.Report report = clients.remove(name);
                print(spec, report);
                spec.commandLine().getOut().println(report.changed() ? "client " + name + " removed"
                        : "client " + name + " does not exist; nothing changed");
                return TallyCli.EXIT_OK;
            });
        }
    }

    private static void print(CommandSpec spec, ClientAdmin.Report report) {
        report.lines().forEach(line -> spec.commandLine().getOut().println("  " + line));
    }

    private static void requireName(String name) {
        if (!ClientTopics.isValidName(name)) {
            throw CliException.usage("NAME must match " + ClientTopics.NAME.pattern() + ": '" + name + "'");
        }
    }

    private static String readPassword(Path file) {
        try {
            String password = Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
            if (password.isEmpty()) {
                throw CliException.usage("--password-file " + file + " is empty");
            }
            return password;
        } catch (IOException e) {
            throw CliException.usage("--password-file: cannot read " + file + ": " + e);
        }
    }

    /** 24 random bytes, URL-safe Base64: 32 characters that need no quoting in a properties or JAAS string. */
    private static String generatePassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static int withAdmin(KafkaOptions kafka, Function<ClientAdmin, Integer> action) {
        Map<String, Object> config = new HashMap<>(kafka.clientProperties());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) kafka.connectTimeout.toMillis());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) kafka.connectTimeout.toMillis());
        try (Admin admin = Admin.create(config)) {
            return action.apply(new ClientAdmin(admin, kafka.connectTimeout));
        } catch (ClientAdminException e) {
            throw CliException.usage(e.getMessage());
        }
    }
}
