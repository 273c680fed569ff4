package dev.tally.contracts;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.ToIntFunction;

/**
 * Times the codec's per-record work against {@link ReferenceCodec} (the codec before it was made cheaper) in one
 * run, on one thread: reading a command and computing its fingerprint, as the worker does for every record, and
 * writing a result, as it does for every decision. Each workload alternates the two codecs in rounds of a fixed
 * time over the same pre-generated records, after warm-up rounds; it prints the median nanoseconds per record of
 * each and their ratio (old / new: above 1 means the codec is faster). It takes about 40 seconds.
 *
 * <p>Run from the repository root:
 * <pre>
 * ./mvnw -B -q -pl contracts -am test-compile
 * java -cp "contracts/target/classes:contracts/target/test-classes:$(./mvnw -B -q -pl contracts -am \
 *     dependency:build-classpath -Dmdep.outputFile=/dev/stdout)" dev.tally.contracts.CodecBenchmark
 * </pre>
 * An optional argument sets the seconds per round (default 0.4).
 */
public final class CodecBenchmark {

    private static final int WARM_UP_ROUNDS = 3;
    private static final int ROUNDS = 5;
    private static final int SAMPLE_SIZE = 4_096;

    /** Keeps the JIT from discarding work whose result is never used. */
    private static volatile long sink;

    private CodecBenchmark() {
    }

    public static void main(String[] args) {
        double roundSeconds = args.length > 0 ? Double.parseDouble(args[0]) : 0.4;
        Random random = new Random(2026);
        CodecSamples samples = new CodecSamples(random);

        byte[][] plainTransfers = commands(samples::typicalTransfer);
        byte[][] everyType = commands(samples::validCommand);
        byte[][] generated = commands(samples::anyCommand);
        Result[] appliedTransfers = results(samples::typicalResult);
        Result[] everyResult = results(samples::anyResult);

        System.out.printf(Locale.ROOT, "Codec per record, ns (median of %d rounds of %.1f s after %d warm-up rounds;"
                + " %s, %s)%n", ROUNDS, roundSeconds, WARM_UP_ROUNDS, System.getProperty("java.vm.name"),
                System.getProperty("java.version"));
        System.out.printf(Locale.ROOT, "%-58s %9s %9s %7s%n", "workload", "old", "new", "old/new");
        compare("parse + fingerprint: plain transfers (load generator)", plainTransfers, roundSeconds,
                CodecBenchmark::referenceParse, CodecBenchmark::codecParse);
        compare("parse + fingerprint: valid commands of every type", everyType, roundSeconds,
                CodecBenchmark::referenceParse, CodecBenchmark::codecParse);
        compare("parse + fingerprint: generated records (~70% not valid)", generated, roundSeconds,
                CodecBenchmark::referenceParse, CodecBenchmark::codecParse);
        compare("encodeResult: applied transfer results", appliedTransfers, roundSeconds,
                result -> ReferenceCodec.encodeResult(result).length,
                result -> WireCodec.encodeResult(result).length);
        compare("encodeResult: results of every type and status", everyResult, roundSeconds,
                result -> ReferenceCodec.encodeResult(result).length,
                result -> WireCodec.encodeResult(result).length);
        System.out.println("(checksum " + sink + ")");
    }

    private static int referenceParse(byte[] value) {
        ParsedRecord parsed = ReferenceCodec.parseCommand(value);
        return parsed instanceof ParsedRecord.Identified identified ? ReferenceCodec.fingerprint(identified)[0] : 1;
    }

    private static int codecParse(byte[] value) {
        ParsedRecord parsed = WireCodec.parseCommand(value);
        return parsed instanceof ParsedRecord.Identified identified ? identified.fingerprint()[0] : 1;
    }

    private static <T> void compare(String workload, T[] sample, double roundSeconds, ToIntFunction<T> old,
                                    ToIntFunction<T> codec) {
        long roundNs = (long) (roundSeconds * 1e9);
        for (int i = 0; i < WARM_UP_ROUNDS; i++) {
            time(sample, old, roundNs);
            time(sample, codec, roundNs);
        }
        double[] oldNs = new double[ROUNDS];
        double[] newNs = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            // Alternated, so that a change in the machine's load during the run falls on both alike.
            if (i % 2 == 0) {
                oldNs[i] = time(sample, old, roundNs);
                newNs[i] = time(sample, codec, roundNs);
            } else {
                newNs[i] = time(sample, codec, roundNs);
                oldNs[i] = time(sample, old, roundNs);
            }
        }
        double oldMedian = median(oldNs);
        double newMedian = median(newNs);
        System.out.printf(Locale.ROOT, "%-58s %9.0f %9.0f %6.2fx%n", workload, oldMedian, newMedian,
                oldMedian / newMedian);
    }

    /** Nanoseconds per item of running {@code work} over {@code sample} for about {@code roundNs}. */
    private static <T> double time(T[] sample, ToIntFunction<T> work, long roundNs) {
        long sum = 0;
        long count = 0;
        long start = System.nanoTime();
        long elapsed;
        do {
            for (T item : sample) {
                sum += work.applyAsInt(item);
            }
            count += sample.length;
            elapsed = System.nanoTime() - start;
        } while (elapsed < roundNs);
        sink += sum;
        return (double) elapsed / count;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static byte[][] commands(java.util.function.Supplier<byte[]> generator) {
        byte[][] sample = new byte[SAMPLE_SIZE][];
        for (int i = 0; i < sample.length; i++) {
            sample[i] = generator.get();
        }
        return sample;
    }

    /** Results both codecs can write (a generated instant may lie outside what the formatter accepts). */
    private static Result[] results(java.util.function.Supplier<Result> generator) {
        List<Result> sample = new ArrayList<>();
        while (sample.size() < SAMPLE_SIZE) {
            Result result = generator.get();
            try {
                ReferenceCodec.encodeResult(result);
                sample.add(result);
            } catch (RuntimeException e) {
                // Left out of the timing: an exception costs what it costs in either codec.
            }
        }
        return sample.toArray(new Result[0]);
    }
}
