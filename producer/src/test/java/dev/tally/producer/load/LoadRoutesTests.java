package dev.tally.producer.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.Command;
import dev.tally.contracts.LinkedTransfers;
import dev.tally.contracts.Transfer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A load over clients' topics (contract v1.2), without a broker: the accounts go round the clients, each command's
 * debit is owned by the client whose topic carries it, and a client's transfers stay between its own accounts.
 */
class LoadRoutesTests {

    private static final List<String> CLIENTS = List.of("bench-0", "bench-1", "bench-2");

    @Test
    void accountsGoRoundTheClientsAndKeepTheRunsPrefix() {
        assertThat(LoadRoutes.accountId(CLIENTS, "run7", 0)).isEqualTo("bench-0:run7-00000");
        assertThat(LoadRoutes.accountId(CLIENTS, "run7", 4)).isEqualTo("bench-1:run7-00004");
        assertThat(LoadRoutes.accountId(List.of(), "run7", 4)).isEqualTo("run7-00004");
        assertThat(LoadRoutes.ownerOf(new AccountId("bench-2:run7-00005"))).isEqualTo("bench-2");
        assertThat(LoadRoutes.ownerOf(new AccountId("run7-bank"))).isNull();
    }

    @Test
    void eachClientsTransfersMoveMoneyBetweenItsOwnAccounts() throws InterruptedException {
        List<AccountId> accounts = IntStream.range(0, 30)
                .mapToObj(i -> new AccountId(LoadRoutes.accountId(CLIENTS, "run7", i))).toList();
        LoadSettings settings = new LoadSettings(accounts.size(), 1_000, "EUR", "run7", null, 10, null, 2_000L,
                0, 0.01, 0.01, 100, Duration.ofSeconds(1), 42,
                new LoadSettings.Ledger(0.1, 0.6, 0.25, 0.1, Duration.ofSeconds(2)));
        CommandMix mix = new CommandMix(settings, accounts);
        List<Command> drawn = new ArrayList<>();
        for (int published = 0; published < 2_000; published++) {
            mix.sendNext(published, (command, key, kind) -> drawn.add(command));
        }

        List<String[]> moves = new ArrayList<>();
        for (Command command : drawn) {
            if (command instanceof Transfer transfer) {
                moves.add(new String[] {transfer.debitAccountId().value(), transfer.creditAccountId().value()});
            } else if (command instanceof LinkedTransfers linked) {
                linked.legs().forEach(leg -> moves.add(
                        new String[] {leg.debitAccountId().value(), leg.creditAccountId().value()}));
            }
        }
        assertThat(moves).hasSizeGreaterThan(2_000);
        for (String[] move : moves) {
            // The credit of a rejection built on an unknown account belongs to no one, and is no one's to debit.
            if (!move[1].equals("run7-nobody")) {
                assertThat(LoadRoutes.ownerOf(new AccountId(move[1]))).as(move[0] + " -> " + move[1])
                        .isEqualTo(LoadRoutes.ownerOf(new AccountId(move[0])));
            }
        }
        assertThat(moves.stream().map(move -> LoadRoutes.ownerOf(new AccountId(move[0]))).distinct())
                .containsExactlyInAnyOrderElementsOf(CLIENTS);
    }
}
