package dev.tally.bench.closedloop;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * The hottest frames of a Java Flight Recorder recording, from its {@code jdk.ExecutionSample} events (threads
 * caught running Java code): by the frame on top of the stack (self time), and by the first frame of the worker's
 * own code on the stack (which part of the worker the time is spent under).
 */
public record Profile(long samples, Map<String, Long> topSelf, Map<String, Long> topTally, Map<String, Long> topPackages) {

    /** The samples taken from {@code since} on (the worker's start-up left out). */
    static Profile of(Path recording, Instant since, int limit) throws IOException {
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> tally = new HashMap<>();
        Map<String, Long> packages = new HashMap<>();
        long samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample")
                    || event.getStartTime().isBefore(since)) {
                continue;
            }
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = stack.getFrames();
            RecordedFrame top = frames.get(0);
            self.merge(name(top), 1L, Long::sum);
            packages.merge(packageOf(top), 1L, Long::sum);
            for (RecordedFrame frame : frames) {
                if (frame.getMethod().getType().getName().startsWith("dev.tally.")) {
                    tally.merge(name(frame), 1L, Long::sum);
                    break;
                }
            }
        }
        return new Profile(samples, top(self, limit), top(tally, limit), top(packages, limit));
    }

    private static String name(RecordedFrame frame) {
        String type = frame.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
    }

    private static String packageOf(RecordedFrame frame) {
        String type = frame.getMethod().getType().getName();
        String[] parts = type.split("\\.");
        return parts.length <= 3 ? type.substring(0, Math.max(0, type.lastIndexOf('.')))
                : String.join(".", parts[0], parts[1], parts[2]);
    }

    private static Map<String, Long> top(Map<String, Long> counts, int limit) {
        Map<String, Long> top = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(limit)
                .forEach(entry -> top.put(entry.getKey(), entry.getValue()));
        return top;
    }
}
