package dev.tally.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of the benchmark's processes, read from {@code /proc} (user + system, in clock ticks of 1/100 s), so
 * that measuring costs nothing the measured processes would notice: no tool is spawned.
 *
 * <p>A reading covers the worker (its pid), the PostgreSQL server on localhost:5432 (exited backends included,
 * through the postmaster's children's times), this JVM (the broker, since the load runs in a process of its own) and this
 * JVM's exited children (the load generator, once it has been waited for).
 */
public record CpuMeter(double workerSeconds, double postgresSeconds, double brokerSeconds, double loadSeconds) {

    public static CpuMeter read(long workerPid) {
        long[] self = times(Path.of("/proc/self/stat"));
        return new CpuMeter(workerPid == 0 ? 0 : seconds(times(Path.of("/proc/" + workerPid + "/stat")), false),
                allPostgresSeconds(), seconds(self, false), self == null ? 0 : (self[2] + self[3]) / 100.0);
    }

    public CpuMeter minus(CpuMeter before) {
        return new CpuMeter(workerSeconds - before.workerSeconds, postgresSeconds - before.postgresSeconds,
                brokerSeconds - before.brokerSeconds, loadSeconds - before.loadSeconds);
    }

    /** {utime, stime, cutime, cstime} in ticks, or {@code null} when the process is gone or this is not Linux. */
    private static long[] times(Path stat) {
        try {
            String text = Files.readString(stat);
            // After the command name: state is field 3; utime, stime, cutime, cstime are fields 14-17 (man proc).
            String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12]), Long.parseLong(fields[13]),
                    Long.parseLong(fields[14])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long postmasterPid() {
        for (String lock : new String[] {"/var/run/postgresql/.s.PGSQL.5432.lock", "/tmp/.s.PGSQL.5432.lock"}) {
            try {
                return Long.parseLong(Files.readAllLines(Path.of(lock)).get(0).trim());
            } catch (IOException | RuntimeException e) {
                // not this one
            }
        }
        return 0;
    }

    private static long parentOf(Path process) {
        try {
            String text = Files.readString(process.resolve("stat"));
            return Long.parseLong(text.substring(text.lastIndexOf(')') + 2).split(" ")[1]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static double seconds(long[] times, boolean withChildren) {
        if (times == null) {
            return 0;
        }
        return (times[0] + times[1] + (withChildren ? times[2] + times[3] : 0)) / 100.0;
    }

    /**
     * The server on localhost:5432: its postmaster (with its reaped children, the backends that exited) and its
     * live children. Other PostgreSQL servers on the machine (tests own some) come and go and are left out; when
     * the postmaster cannot be found, every PostgreSQL process counts.
     */
    private static double allPostgresSeconds() {
        long postmaster = postmasterPid();
        if (postmaster > 0) {
            long[] own = times(Path.of("/proc/" + postmaster + "/stat"));
            if (own != null) {
                double total = seconds(own, true);
                try (var processes = Files.list(Path.of("/proc"))) {
                    for (Path dir : (Iterable<Path>) processes::iterator) {
                        String name = dir.getFileName().toString();
                        if (name.chars().allMatch(Character::isDigit) && parentOf(dir) == postmaster) {
                            total += seconds(times(dir.resolve("stat")), false);
                        }
                    }
                } catch (IOException e) {
                    return total;
                }
                return total;
            }
        }
        double total = 0;
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path dir : (Iterable<Path>) processes::iterator) {
                String name = dir.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(dir.resolve("stat"));
                    String command = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (command.startsWith("postgres")) {
                        total += seconds(times(dir.resolve("stat")), true);
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return total;
    }
}
