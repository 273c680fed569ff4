package dev.tally.worker.tracing;

import dev.tally.contracts.Result;
import dev.tally.worker.ledger.RecordSource;

/**
 * The spans of one poll of the commands topic. This base class is the "tracing off" case: every method does
 * nothing and allocates nothing. Not thread-safe: used by the listener thread that handles the poll.
 */
public class PollTrace {

    /** The poll of a worker that does not trace. */
    public static final PollTrace OFF = new PollTrace();

    /** A span made current until {@link #close()}; closing ends it unless it belongs to the poll. */
    public interface Scope extends AutoCloseable {

        /** Records the failure on the span. */
        void failed(Throwable failure);

        @Override
        void close();
    }

    static final Scope NOTHING = new Scope() {
        @Override
        public void failed(Throwable failure) {
        }

        @Override
        public void close() {
        }
    };

    PollTrace() {
    }

    /**
     * Opens a span for one database transaction deciding {@code commands} commands of the poll (the SQL time of
     * the decisions), a child of the poll's span.
     */
    public Scope ledger(int commands) {
        return NOTHING;
    }

    /**
     * Makes the span of the record read from {@code source} current while its result is published, so that the
     * result's send span is its child and the result record carries the trace context back; tags the span with
     * the outcome.
     */
    public Scope publishing(RecordSource source, Result result) {
        return NOTHING;
    }

    /** Records a failure of the poll (it is rolled back and retried) on the poll's span and its records' spans. */
    public void failed(Throwable failure) {
    }

    /** Ends the poll's span and every record's span. */
    public void end() {
    }
}
