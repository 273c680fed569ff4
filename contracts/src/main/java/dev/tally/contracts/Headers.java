package dev.tally.contracts;

/** Record header names of contract v1. */
public final class Headers {

    /** On a dead-letter record: a {@link DeadLetterReason} code. */
    public static final String DLT_REASON = "tally.dlt.reason";

    /** On a dead-letter record: a human sentence saying what is wrong. */
    public static final String DLT_DETAIL = "tally.dlt.detail";

    /** On a dead-letter record: the topic the original record was read from. */
    public static final String DLT_ORIGINAL_TOPIC = "tally.dlt.original-topic";

    /** On a dead-letter record: the partition the original record was read from, as decimal text. */
    public static final String DLT_ORIGINAL_PARTITION = "tally.dlt.original-partition";

    /** On a dead-letter record: the offset the original record was read from, as decimal text. */
    public static final String DLT_ORIGINAL_OFFSET = "tally.dlt.original-offset";

    private Headers() {
    }
}
