package dev.tally.contracts;

/** Default topic names of contract v1 (deployments may rename them; these are what everything assumes by default). */
public final class Topics {

    /** Commands; the record key is the UTF-8 id of the account that orders the command. */
    public static final String COMMANDS = "tally.commands";

    /** One result per command id; the record key is the command id. */
    public static final String RESULTS = "tally.results";

    /** Records of the commands topic that are not commands, with the cause in headers. */
    public static final String DEAD_LETTERS = "tally.commands.DLT";

    private Topics() {
    }
}
