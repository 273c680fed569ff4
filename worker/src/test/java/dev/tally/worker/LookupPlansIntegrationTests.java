package dev.tally.worker;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worker's connections plan each statement once (a generic plan) and keep that plan until the table is analyzed
 * again. On a fresh database the plan is made while the tables are nearly empty; it must still be a lookup by key
 * once the tables have grown, even where no ANALYZE ever runs (autovacuum off), or every lookup would read the whole
 * table. The statements here have the shapes of the worker's own lookups (a key array against the journal's ids, and
 * against the accounts locked in id order), on copies of those tables.
 */
class LookupPlansIntegrationTests extends WorkerIntegrationTest {

    @Autowired
    private DataSource dataSource;

    @Test
    void plansMadeOnAYoungLedgerStayKeyLookupsAsItGrows() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            // Copies of the journal's id table and of the accounts, with their columns, constraints and indexes: the
            // planner's choice on a small table depends on the rows' estimated width.
            sql.execute("CREATE TEMPORARY TABLE plan_ids (LIKE command_ids INCLUDING ALL)");
            sql.execute("CREATE TEMPORARY TABLE plan_accounts (LIKE accounts INCLUDING ALL)");
            // A young ledger: its first few hundred decisions fill a few pages, where reading them all is cheaper
            // than the index. The worker's connections plan a statement once it is used repeatedly, so early on.
            grow(sql, 500);
            sql.execute("PREPARE find_ids(uuid[]) AS SELECT id FROM plan_ids WHERE id = ANY($1)");
            sql.execute("PREPARE lock_accounts(text[]) AS SELECT id, balance, version FROM plan_accounts"
                    + " WHERE id = ANY($1) ORDER BY id FOR UPDATE");
            sql.execute("EXECUTE find_ids(ARRAY[gen_random_uuid(), gen_random_uuid()])");
            sql.execute("EXECUTE lock_accounts(ARRAY['account-1', 'account-2'])");

            // Then the ledger grows, with no ANALYZE in between (autovacuum off, or not yet run).
            grow(sql, 50_000);

            assertThat(plan(sql, "EXPLAIN EXECUTE find_ids(ARRAY[gen_random_uuid(), gen_random_uuid()])"))
                    .as("plan of the id lookup")
                    .noneMatch(line -> line.contains("Seq Scan"))
                    .anyMatch(line -> line.contains("Index"));
            assertThat(plan(sql, "EXPLAIN EXECUTE lock_accounts(ARRAY['account-1', 'account-2'])"))
                    .as("plan of the account lock")
                    .noneMatch(line -> line.contains("Seq Scan"))
                    .anyMatch(line -> line.contains("Index"));
            sql.execute("DEALLOCATE ALL");
            sql.execute("DROP TABLE plan_ids, plan_accounts");
        }
    }

    @Test
    void aStatementWithNoIndexToUseIsNotCompiled() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            // With sequential scans ruled out, a table without an index is still read whole, at a prohibitive
            // estimated cost: PostgreSQL must not take that cost for a reason to JIT-compile the statement.
            sql.execute("CREATE TEMPORARY TABLE plan_unindexed (LIKE accounts INCLUDING DEFAULTS)");
            sql.execute("INSERT INTO plan_unindexed (id, currency) VALUES ('a', 'EUR'), ('b', 'EUR')");

            assertThat(plan(sql, "EXPLAIN (ANALYZE) SELECT balance FROM plan_unindexed WHERE id = 'a'"))
                    .as("plan of a lookup in a table without an index")
                    .noneMatch(line -> line.startsWith("JIT"));
            sql.execute("DROP TABLE plan_unindexed");
        }
    }

    private static void grow(Statement sql, int rows) throws SQLException {
        sql.execute("INSERT INTO plan_ids (id, type, decided_at) SELECT gen_random_uuid(), 'transfer', now()"
                + " FROM generate_series(1, " + rows + ")");
        sql.execute("INSERT INTO plan_accounts (id, currency) SELECT 'account-' || gen_random_uuid(), 'EUR'"
                + " FROM generate_series(1, " + rows + ")");
    }

    private static List<String> plan(Statement sql, String explain) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (ResultSet rows = sql.executeQuery(explain)) {
            while (rows.next()) {
                lines.add(rows.getString(1));
            }
        }
        return lines;
    }
}
