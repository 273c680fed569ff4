package dev.tally.worker.web;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.LinkedTransfersResult;
import dev.tally.contracts.PendingResolutionResult;
import dev.tally.contracts.Result;
import dev.tally.contracts.TransferResult;
import dev.tally.contracts.WireCodec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a client may see of a stored outcome (contract v1.2): only the outcome of a command it sent, and in it only
 * the figures of accounts it owns. Another account's balance (the credit side of its payment, a leg crediting
 * someone else) is omitted: the field is absent, not {@code null}.
 */
@Repository
class ClientView {

    private static final String FIND_SENDER = """
            SELECT principal
            FROM command_ids
            WHERE id = :id
            """;

    private static final String FIND_OWNED = """
            SELECT id
            FROM accounts
            WHERE id = ANY(:ids)
              AND owner = :owner
            """;

    // Results carry each leg's balances without the leg's accounts; the journal has them, in leg order.
    private static final String FIND_LEG_ACCOUNTS = """
            SELECT debit_account_id, credit_account_id
            FROM linked_legs
            WHERE linked_id = :id
            ORDER BY leg
            """;

    private static final String DEBIT_BALANCE = "debit_balance";
    private static final String CREDIT_BALANCE = "credit_balance";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    ClientView(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether {@code reader} sent the decided command {@code id}; {@code false} when no such command was decided. */
    boolean sent(CommandId id, Reader reader) {
        if (reader.operator()) {
            return true;
        }
        Optional<Optional<String>> sender = jdbc.sql(FIND_SENDER).param("id", id.value())
                .query((rs, rowNum) -> Optional.ofNullable(rs.getString("principal"))).optional();
        return sender.isPresent() && reader.sent(sender.get().orElse(null));
    }

    /** The result in the JSON of the result contract, without the figures of accounts {@code reader} does not own. */
    byte[] encode(Result result, Reader reader) {
        byte[] encoded = WireCodec.encodeResult(result);
        if (reader.operator()) {
            return encoded;
        }
        ObjectNode json = (ObjectNode) JSON.readTree(encoded);
        // Openings, closings and rejected linked transfers carry no figures.
        Leg accounts = result instanceof TransferResult t ? new Leg(t.debitAccountId(), t.creditAccountId())
                : result instanceof PendingResolutionResult p ? new Leg(p.debitAccountId(), p.creditAccountId())
                : null;
        if (accounts != null) {
            omitUnowned(json, accounts, owned(reader, List.of(accounts)));
        } else if (result instanceof LinkedTransfersResult l && l.applied()) {
            List<Leg> legs = jdbc.sql(FIND_LEG_ACCOUNTS).param("id", l.id().value())
                    .query((rs, rowNum) -> new Leg(new AccountId(rs.getString("debit_account_id")),
                            new AccountId(rs.getString("credit_account_id"))))
                    .list();
            Set<String> owned = owned(reader, legs);
            JsonNode legNodes = json.get("legs");
            for (int i = 0; i < legNodes.size(); i++) {
                // Every applied linked command has its legs journaled; a leg not found is no one's to show.
                omitUnowned((ObjectNode) legNodes.get(i), i < legs.size() ? legs.get(i) : new Leg(null, null), owned);
            }
        }
        return JSON.writeValueAsBytes(json);
    }

    private static void omitUnowned(ObjectNode json, Leg leg, Set<String> owned) {
        if (leg.debit() == null || !owned.contains(leg.debit().value())) {
            json.remove(DEBIT_BALANCE);
        }
        if (leg.credit() == null || !owned.contains(leg.credit().value())) {
            json.remove(CREDIT_BALANCE);
        }
    }

    /** Which accounts of the legs the reader owns. */
    private Set<String> owned(Reader reader, List<Leg> legs) {
        String[] ids = legs.stream().flatMap(leg -> Stream.of(leg.debit(), leg.credit())).filter(Objects::nonNull)
                .map(AccountId::value).distinct().toArray(String[]::new);
        if (ids.length == 0 || reader.client() == null) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql(FIND_OWNED).param("ids", ids).param("owner", reader.client())
                .query(String.class).list());
    }

    /** The two accounts whose balances a result (or one leg of it) carries; either may be {@code null}. */
    private record Leg(AccountId debit, AccountId credit) {
    }
}
