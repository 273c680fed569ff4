package dev.tally.bench.report;

/**
 * The parts of {@code docs/benchmarks.md} that explain rather than measure: where a command waits, the levers changed
 * and measured, and what the profiles showed. Their figures are of the probe runs they name, not of this run.
 */
final class DocTexts {

    static final String WAITS_TEXT = """
            Every wait on the way from a client's publish to its result, in order:

            1. **Client producer**: `TransferClient` lingers 2 ms before sending a command (`acks=all`).
            2. **Worker fetch**: the worker's consumer asks the broker for records and the broker answers as soon as
               16 KiB are there (`fetch.min.bytes`, about 60 commands) or after `fetch.max.wait.ms`. A consumer keeps at most one
               fetch in flight to a broker, and a partition whose records are still buffered on the client is left
               out of it; a command arriving on such a partition waits until the fetch in flight comes back.
               Kafka's default wait of 500 ms turned that into hundreds of milliseconds of latency at low rates;
               the worker waits at most 10 ms, for up to 16 KiB.
            3. **The poll's work** (the table above): one database transaction per batch — lock the partitions'
               offset rows, probe `command_ids` for ids decided before, lock the holds and the accounts, update the
               balances, one statement for the journal (ids, transfers and the batch's decision number), advance the
               offsets, commit — then the Kafka transaction: results sent while the offsets go to the group
               coordinator (`linger.ms` 0), `sendOffsetsToTransaction` (TxnOffsetCommit; the broker runs transaction
               protocol version 2, so partitions join the transaction without AddPartitionsToTxn round trips) and
               `commitTransaction` (EndTxn; the coordinator then writes a commit marker into every partition the
               transaction touched: the one results partition and the offsets partition). A command that arrives
               while its consumer is busy waits for the rest of that poll, then for its own. The listener container
               adds no wait of its own: its poll timeout (Spring Kafka's 5 s) only bounds an idle poll, which
               returns as soon as a record arrives, and there is no pause between polls.
            4. **Client fetch**: `TransferClient`'s `read_committed` results consumer sees a result only once the
               commit marker is written; the marker's append completes the fetch the client has waiting at the
               broker, so its 500 ms fetch wait adds nothing while results flow.

            """;

    static final String LEVERS_TEXT = """
            ### Levers: what changed, and what is left to change

            Changed, each measured on this machine with the worker warm and `tally load --warmup` (probe runs on
            2026-11-27, single runs on a shared machine, so the direction is firmer than the size):

            - **PostgreSQL re-planned every statement** (`plan_cache_mode`): the worker's lookups take key arrays
              (`= ANY(?)`), for which PostgreSQL keeps making a custom plan per execution. At 100 transfers/s its
              two backends used 40% of a core; with `plan_cache_mode=force_generic_plan` on the worker's
              connections (`application.yml`), 30%.
            - **A plan made on a young journal**: such a plan is kept until the table is next analyzed, and the
              worker's connections make theirs in the first seconds, when the journal fills a few pages and reading
              all of it is cheaper than the index. With autovacuum off (as on this machine), or before its first
              ANALYZE, every lookup then read the whole of `command_ids`, the accounts too: 130,000 commands in, at
              1,000/s, PostgreSQL used 62% of a core, half of it comparing uuids in sequential scans. The worker's
              statements all find rows by key, so its connections rule sequential scans out (`enable_seqscan=off`):
              20% (`LookupPlansIntegrationTests`). A statement with no index to use then carries a prohibitive
              estimated cost, for which PostgreSQL would JIT-compile it at every execution (50 ms for a lookup in a
              two-row table), so JIT is off too (`jit=off`).
            - **Journal lookup**: two unions over six tables per batch became one primary-key probe of
              `command_ids`, the full rows read only for ids found there (replays). Those two queries had been
              where a listener thread waited longest on PostgreSQL (JFR socket reads over 10 ms: 57 of 76); the
              backends' CPU at 100/s went from 30% to 21%.
            - **Journal insert**: a sequence call and two JDBC batches of bound rows (17 parameters a transfer,
              a `MapSqlParameterSource` each, 18% of the listener's samples at saturation) became one
              `INSERT ... SELECT ... FROM unnest(...)` statement with a column per array.
            - **One results partition** (`tally.worker.topics.result-partitions`, 1 by default for a topic the
              worker creates): a transaction wrote results keyed by command id into most of 12 partitions, each
              then got a commit marker. In back-to-back probe runs at 800/s (the demo's mix) the client's p50
              went from 58–70 ms to 31–33 ms and p99 from 311–329 ms to 130–176 ms; the ceilings table prices the
              markers with the echo alone.
            - **No Micrometer timer per result sent** (`KafkaTemplate`'s `spring.kafka.template`), and the codec
              (contracts): one SHA-256 digest per thread, ids and types checked without a regex, valid commands
              read in one pass over their bytes, results written straight to a `JsonGenerator`.
            - **Warm measurements**: the latency of a freshly started JVM is mostly JIT compilation on 2 cores (the
              compiler threads of the demo's JVM took 43% of a core 30–45 s into the demo). `tally load --warmup`
              runs the load first without counting it; the demo warms up 20 s, each latency scenario here 5 s.
            - **Short-lived JVMs compile with C1 only** (`-XX:TieredStopAtLevel=1`): the demo's JVMs and each
              scenario's `tally load` here. On a slow day (ceilings a quarter below the run before) the optimising
              compiler of the demo's broker-and-client JVM and of its worker still used 400–530 and 200–400 ms of
              CPU a second 30–60 s after their start, 35–45% of the machine; the demo's p99 was 240–400 ms, with
              C1 only 84–118 ms in nine runs. C1's code is slower once compiled (the demo's broker-and-client JVM
              then used 1.1 cores against 0.7–0.9), so the worker measured here keeps the JVM's default.
            - **The broker's JVM starts with a broker's heap** (`-Xms1g`, as Kafka's `kafka-server-start.sh` gives it):
              the demo's JVM and this benchmark's, unless their command line sizes the heap. With the JVM's default
              initial heap, G1 kept the demo's broker-and-client JVM near 300 MB and stopped it for 12–18 ms every
              2 s of the load; with 1 GB, for 20–39 ms every 6 s. The demo's p99 on one day: median 52 ms in 13 runs
              before (highest 211), 40 ms in 22 runs after (highest 96). Most of the demo's slowest 1% now begins
              just before a young collection of that JVM or of the worker. The worker with `-Xms512m` did no better.
            - **Fuller polls**: consumer `fetch.min.bytes` 1 → 16 KiB (about 60 commands; the fetch still returns
              after `fetch.max.wait.ms`, 10 ms). At moderate rates a poll's fixed cost — a database and a Kafka
              transaction, most of the CPU per command below 2,000/s — is paid half as often. Back-to-back probe
              runs (1 against 16 KiB): 100/s p50 14 → 16 ms, p99 82 → 36 ms; 1,000/s p50 50 → 21 ms, p99 283 →
              230 ms; 2,000/s p50 61 → 45 ms, p99 613 → 446 ms; the demo's mix p50 48 → 37 ms, p99 325 → 264 ms.
            - **Batches that share accounts take turns in the worker** (`AccountTurns`): the two consumer threads'
              batches of a backlog (about 500 uniform transfers over 1,000 accounts, each locking some 63% of them)
              queued on each other's row locks in PostgreSQL, batch after batch. PostgreSQL then spent twice the
              CPU per transfer (75 against 37 µs) and the drain ran at 0.52× the combined ceiling, slower than with
              one consumer thread (0.70×). Now a batch that shares an account or a hold with an earlier batch of
              the same worker waits for it before it takes a connection, and batches with nothing in common still
              go side by side; the database's locks still keep instances apart. Drain 0.52× → 0.98× the combined
              ceiling; closed loop, in back-to-back runs on one day: uniform 5,244 → 5,523/s, holds 4,245 →
              6,048/s, hot account 5,346 → 6,500/s.
            - Earlier: consumer `fetch.max.wait.ms` 500 → 10 and producer `linger.ms` 5 → 0 (`application.yml`).

            Measured and kept as they are:

            - `tally.worker.concurrency` 2 against 1: one consumer thread makes larger batches and no two batches
              wait for each other's lock on a hot account, which helped the demo's mix at p99, but a command then
              waits for a whole poll of the one thread: at 100/s p50 33 ms against 12 ms. Two it stays.
            - `max.poll.records` 500, equal to the batch size. `TransferClient`'s results consumer keeps its fetch
              wait (item 4 above).
            - In the demo with C1 only, three runs each, p99: the worker's `fetch.max.wait.ms` 20 ms 100–255 ms
              against 92–111 ms with 10 ms; the client's `linger.ms` 5 (Kafka's default) 107–119 ms against 2 ms;
              the demo's broker with 2 I/O threads and 1 network thread instead of Kafka's 8 and 3 117–133 ms.
              None helped, so none changed. In one run with GC logs the slowest 1% of the commands came in four
              bursts across every kind and account, stalls of 50–70 ms; two began at a young collection of the
              broker-and-client JVM (18–21 ms), whose seven other collections in the 20 s made none.

            Left to change: the holds lock reads every pending hold of the batch's accounts through a partial index
            per side, which stays cheap while pending holds are few; the Kafka side of a poll is three round trips
            to the broker whatever the batch size, the floor of the latency at low rates.
            At the demo's ~870 commands/s the broker served ~1,840 requests/s, about 0.3 ms of its CPU each: per poll
            a fetch, a produce, `TxnOffsetCommit` and `EndTxn` from the worker, the broker's own `WriteTxnMarkers` and
            two implicit `AddPartitionsToTxn` (transaction version 2, finalized on this broker, which spares the client
            those round trips), and a fetch of the results reader; only fewer transactions a second would lower it.

            """;

    static final String PROFILE_TEXT = """
            What the profiles of this worker at saturation showed, and what was changed because of them (the tables
            above are of this run, after the changes):

            1. `Journal.record`, the journal's JDBC batch through `NamedParameterJdbcTemplate` (a parameter map and
               a value array per row, 17 bound parameters a transfer), was the largest share of the listener's
               samples (14–18% in three profiles). Now one `INSERT ... SELECT ... FROM unnest(...)` per batch.
            2. `WireCodec.canonical` re-serialised every field node with `JsonNode.toString()` for the fingerprint,
               `WireCodec.encodeResult` built an `ObjectNode` tree, then serialised it, and `CommandId.isValid`
               checked each id with a regex (7% of one profile). The contracts module now reads a valid command in
               one pass over its bytes, writes results straight to a `JsonGenerator`, keeps one SHA-256 digest per
               thread and checks ids without a regex — every fingerprint and every result byte-identical to
               before, which `ReferenceCodec` (a frozen copy of the old codec) and its tests hold it to.
            3. `KafkaTemplate.send` timed every result with a Micrometer timer; that timer is off.
            4. Waiting, not computing, is most of a listener thread's time: JFR's socket-read events (reads over
               10 ms) put the longest waits in the journal lookups, which became one primary-key probe, and the
               Kafka side of a poll costs round trips, not CPU.

            """;

    private DocTexts() {
    }
}
