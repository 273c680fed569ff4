package dev.tally.faults;

import java.nio.file.Path;
import java.util.List;

import dev.tally.faults.FaultSuite.Fault;
import dev.tally.faults.FaultSuite.Plan;

import static dev.tally.faults.FaultSuite.BROKER_KILL;
import static dev.tally.faults.FaultSuite.DATABASE_STOP;
import static dev.tally.faults.FaultSuite.WORKER_KILL;

/** The suite's closing table: the faults planned and injected with their recovery times, then load and verify. */
final class FaultTable {

    private FaultTable() {
    }

    static String table(Plan plan, List<Fault> faults, int loadExit, String loadOutput, int verifyExit,
                        String verifyOutput, Integer corruptedExit, String corruptedOutput, long elapsedMs,
                        Path directory) {
        StringBuilder out = new StringBuilder();
        out.append("\nFault injection, ").append(plan.name()).append(" form: ").append(plan.transfers())
                .append(" transfers among ").append(plan.accounts()).append(" accounts at ")
                .append(plan.ratePerSecond()).append("/s, ").append(WorkerPool.SIZE).append(" worker JVMs, ")
                .append(elapsedMs / 1000).append(" s in all; logs in ").append(directory).append("\n\n");
        out.append(String.format("%-38s %8s %8s %s%n", "fault", "planned", "injected", "recovery (s) each"));
        out.append(String.format("%-38s %8d %8d %s%n", WORKER_KILL, plan.workerKills(), count(faults, WORKER_KILL),
                recoveries(faults, WORKER_KILL)));
        out.append(String.format("%-38s %8d %8d %s%n", BROKER_KILL, plan.brokerKills(), count(faults, BROKER_KILL),
                recoveries(faults, BROKER_KILL)));
        out.append(String.format("%-38s %8d %8d %s%n", DATABASE_STOP, plan.databaseStops(),
                count(faults, DATABASE_STOP), recoveries(faults, DATABASE_STOP)));
        out.append("\ntally load (exit ").append(loadExit).append("):\n").append(loadOutput);
        out.append("\ntally verify --report (exit ").append(verifyExit).append("):\n").append(verifyOutput);
        if (corruptedExit != null) {
            out.append("\nafter applying one transfer a second time directly in SQL, tally verify (exit ")
                    .append(corruptedExit).append("):\n").append(corruptedOutput);
        }
        return out.toString();
    }

    private static long count(List<Fault> faults, String kind) {
        return faults.stream().filter(fault -> fault.kind().equals(kind)).count();
    }

    private static String recoveries(List<Fault> faults, String kind) {
        return faults.stream().filter(fault -> fault.kind().equals(kind))
                .map(fault -> String.format("%.1f", fault.recoveredMs() / 1000.0)).toList().toString();
    }
}
