package dev.tally.faults;

import java.nio.file.Files;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The short form of the fault-injection suite, with real processes: three worker JVMs, a Kafka broker process and a
 * PostgreSQL server of its own. While {@code tally load} publishes 5,000 transfers (a hot account, client retries,
 * transfers built to be rejected), workers are killed with SIGKILL and restarted four times, the broker once, and
 * PostgreSQL is stopped in immediate mode once; afterwards {@code tally verify --report} must find every invariant
 * holding. Then one applied transfer is applied a second time directly in SQL, and the same check must report the
 * violation — so a pass here is not a check that cannot fail.
 */
class FaultInjectionIntegrationTests {

    @Test
    void keepsEveryInvariantWhileWorkersBrokerAndDatabaseAreKilled() throws Exception {
        FaultSuite.Outcome outcome = FaultSuite.run(FaultSuite.Plan.shortForm(), true,
                Files.createTempDirectory("tally-faults-"));
        System.out.println(outcome.table());

        assertThat(outcome.count(FaultSuite.WORKER_KILL)).as(outcome.table()).isEqualTo(4);
        assertThat(outcome.count(FaultSuite.BROKER_KILL)).as(outcome.table()).isEqualTo(1);
        assertThat(outcome.count(FaultSuite.DATABASE_STOP)).as(outcome.table()).isEqualTo(1);
        assertThat(outcome.loadExit()).as(outcome.table()).isZero();
        assertThat(outcome.verifyExit()).as(outcome.table()).isZero();
        assertThat(outcome.verifyOutput()).as(outcome.table()).doesNotContain("VIOLATED");

        assertThat(outcome.corruptedVerifyExit()).as(outcome.table()).isEqualTo(1);
        assertThat(outcome.corruptedVerifyOutput()).as(outcome.table()).contains("VIOLATED");
    }
}
