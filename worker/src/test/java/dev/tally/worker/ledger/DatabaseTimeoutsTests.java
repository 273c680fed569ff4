package dev.tally.worker.ledger;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.support.SQLErrorCodeSQLExceptionTranslator;
import org.springframework.transaction.CannotCreateTransactionException;

import dev.tally.worker.WorkerSettings;
import dev.tally.worker.metrics.CommandMetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Recognizing PostgreSQL's timeout errors however Spring translated them, and the session settings every
 * connection of the worker starts with.
 */
class DatabaseTimeoutsTests {

    private static final SQLException LOCK_TIMEOUT =
            new SQLException("ERROR: canceling statement due to lock timeout", "55P03");
    private static final SQLException STATEMENT_TIMEOUT =
            new SQLException("ERROR: canceling statement due to statement timeout", "57014");

    @Test
    void recognizesALockTimeoutAsSpringTranslatesIt() {
        // Spring calls it a lost lock race (a ConcurrencyFailureException), which the ledger would otherwise retry
        // at once; it must be told apart so that the retry waits for the back-off instead.
        DataAccessException translated = postgres().translate("lock", "SELECT ... FOR UPDATE", LOCK_TIMEOUT);

        assertThat(translated).isInstanceOf(CannotAcquireLockException.class)
                .isInstanceOf(ConcurrencyFailureException.class);
        assertThat(DatabaseTimeouts.expired(translated)).isEqualTo(CommandMetrics.LOCK_TIMEOUT);
    }

    @Test
    void recognizesAStatementTimeoutAsSpringTranslatesIt() {
        DataAccessException translated = postgres().translate("run", "UPDATE accounts ...", STATEMENT_TIMEOUT);

        assertThat(translated).isInstanceOf(TransientDataAccessException.class);
        assertThat(DatabaseTimeouts.expired(translated)).isEqualTo(CommandMetrics.STATEMENT_TIMEOUT);
    }

    @Test
    void recognizesATimeoutInsideABatchOrAFailedTransactionStart() {
        BatchUpdateException batch = new BatchUpdateException("batch entry 0 failed", "55P03", new int[0]);
        batch.setNextException(LOCK_TIMEOUT);
        assertThat(DatabaseTimeouts.expired(postgres().translate("insert", "INSERT ...", batch)))
                .isEqualTo(CommandMetrics.LOCK_TIMEOUT);
        assertThat(DatabaseTimeouts.expired(new CannotCreateTransactionException("no connection", STATEMENT_TIMEOUT)))
                .isEqualTo(CommandMetrics.STATEMENT_TIMEOUT);
    }

    @Test
    void doesNotTakeOtherFailuresForTimeouts() {
        assertThat(DatabaseTimeouts.expired(postgres().translate("x", null,
                new SQLException("ERROR: deadlock detected", "40P01")))).isNull();
        assertThat(DatabaseTimeouts.expired(postgres().translate("x", null,
                new SQLException("ERROR: duplicate key value violates unique constraint", "23505")))).isNull();
        assertThat(DatabaseTimeouts.expired(new IllegalStateException("no cause"))).isNull();
    }

    @Test
    void setsBothTimeoutsInMillisecondsBeforeTheOperatorsOwnInitSql() {
        WorkerSettings.DatabaseSettings database =
                new WorkerSettings.DatabaseSettings(Duration.ofSeconds(5), Duration.ofMillis(10_500));

        assertThat(DatabaseTimeouts.initSql(database, null))
                .isEqualTo("SET lock_timeout = 5000; SET statement_timeout = 10500");
        assertThat(DatabaseTimeouts.initSql(database, "SET application_name = 'tally'"))
                .isEqualTo("SET lock_timeout = 5000; SET statement_timeout = 10500; SET application_name = 'tally'");
    }

    @Test
    void defaultsBelowTheKafkaTransactionTimeoutAndRefusesNonPositiveValues() {
        WorkerSettings.DatabaseSettings defaults = new WorkerSettings.DatabaseSettings(null, null);
        assertThat(defaults.lockTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.statementTimeout()).isEqualTo(Duration.ofSeconds(10));

        assertThatIllegalArgumentException()
                .isThrownBy(() -> new WorkerSettings.DatabaseSettings(Duration.ZERO, null))
                .withMessageContaining("tally.worker.database.lock-timeout");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new WorkerSettings.DatabaseSettings(null, Duration.ofSeconds(-1)))
                .withMessageContaining("tally.worker.database.statement-timeout");
    }

    private static SQLErrorCodeSQLExceptionTranslator postgres() {
        return new SQLErrorCodeSQLExceptionTranslator("PostgreSQL");
    }
}
