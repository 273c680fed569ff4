package dev.tally.worker.ledger;

import java.sql.SQLException;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.zaxxer.hikari.HikariDataSource;

import dev.tally.worker.WorkerSettings;
import dev.tally.worker.metrics.CommandMetrics;

/**
 * Bounds every wait of the worker in PostgreSQL: each connection of the pool starts with {@code lock_timeout} and
 * {@code statement_timeout} set from {@code tally.worker.database.*}, and {@link #expired} tells the errors they
 * cause from any other. A session setting, so it applies whatever role the worker connects as.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseTimeouts {

    /** PostgreSQL's {@code lock_not_available}: a lock wait outlasted {@code lock_timeout}. */
    static final String LOCK_NOT_AVAILABLE = "55P03";

    /** PostgreSQL's {@code query_canceled}: {@code statement_timeout} expired (or an operator cancelled it). */
    static final String QUERY_CANCELED = "57014";

    /**
     * Sets the timeouts on the connection pool before it opens its first connection, ahead of any
     * {@code spring.datasource.hikari.connection-init-sql} of the operator's.
     */
    @Bean
    static BeanPostProcessor databaseTimeoutsOnEveryConnection(ObjectProvider<WorkerSettings> settings) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof HikariDataSource pool) {
                    pool.setConnectionInitSql(initSql(settings.getObject().database(), pool.getConnectionInitSql()));
                }
                return bean;
            }
        };
    }

    static String initSql(WorkerSettings.DatabaseSettings database, String operators) {
        String timeouts = "SET lock_timeout = " + database.lockTimeout().toMillis()
                + "; SET statement_timeout = " + database.statementTimeout().toMillis();
        return operators == null || operators.isBlank() ? timeouts : timeouts + "; " + operators;
    }

    /**
     * Which timeout cancelled the failed attempt, if one did.
     *
     * @return {@link CommandMetrics#LOCK_TIMEOUT}, {@link CommandMetrics#STATEMENT_TIMEOUT}, or {@code null} when
     *         the failure (however Spring translated it) was not caused by either
     */
    static String expired(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                for (SQLException next = sql; next != null; next = next.getNextException()) {
                    if (LOCK_NOT_AVAILABLE.equals(next.getSQLState())) {
                        return CommandMetrics.LOCK_TIMEOUT;
                    }
                    if (QUERY_CANCELED.equals(next.getSQLState())) {
                        return CommandMetrics.STATEMENT_TIMEOUT;
                    }
                }
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }
}
