package dev.tally.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import dev.tally.demo.LocalDatabase;

/** The machine and server the figures were measured on, as the report states them. */
final class MachineFacts {

    private MachineFacts() {
    }

    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static long memoryGb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Math.round(Long.parseLong(line.replaceAll("\\D", "")) / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return Runtime.getRuntime().maxMemory() / (1L << 30);
    }

    static String postgresVersion() {
        try (Connection connection = DriverManager.getConnection(LocalDatabase.SERVER, "postgres", "");
             Statement statement = connection.createStatement();
             var rs = statement.executeQuery("SHOW server_version")) {
            return rs.next() ? "PostgreSQL " + rs.getString(1) : "PostgreSQL";
        } catch (SQLException e) {
            return "PostgreSQL";
        }
    }

    /** The server settings that shape the figures, as the server reports them. */
    static String postgresSettings() {
        List<String> settings = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(LocalDatabase.SERVER, "postgres", "");
             Statement statement = connection.createStatement()) {
            for (String name : List.of("autovacuum", "fsync", "synchronous_commit", "shared_buffers")) {
                try (var rs = statement.executeQuery("SHOW " + name)) {
                    if (rs.next()) {
                        settings.add("`" + name + "` " + rs.getString(1));
                    }
                }
            }
        } catch (SQLException e) {
            return "its settings could not be read: " + e.getMessage();
        }
        return String.join(", ", settings);
    }
}
