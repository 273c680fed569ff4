// Above 300 lines: the client's public API with its Javadoc and the nested Builder (TransferClient.Builder is public API); the work is in Sender, ResultWaits and Outstanding.
package dev.tally.producer.client;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

import dev.tally.contracts.AccountId;
import dev.tally.contracts.CloseAccount;
import dev.tally.contracts.CloseAccountResult;
import dev.tally.contracts.Command;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.LinkedTransfers;
import dev.tally.contracts.LinkedTransfersResult;
import dev.tally.contracts.Money;
import dev.tally.contracts.OpenAccount;
import dev.tally.contracts.OpenAccountResult;
import dev.tally.contracts.PendingResolutionResult;
import dev.tally.contracts.Result;
import dev.tally.contracts.Topics;
import dev.tally.contracts.Transfer;
import dev.tally.contracts.TransferResult;

/**
 * Publishes Tally commands and completes futures with their results. Final, thread-safe and meant to be shared:
 * create one per application and close it when the application stops.
 *
 * <p>Commands are published with an idempotent producer ({@code acks=all}), keyed as the contract says (a
 * transfer by its debit account), in the order the calls were made. One background consumer per client reads
 * the results topic ({@code read_committed}, every partition assigned, no consumer group, so any number of
 * clients each see every result) and completes the future registered for each id. The future is registered
 * before the command is sent, so a result can never arrive unnoticed. No method blocks the calling thread:
 * publishing happens on a thread of the client's, and futures are completed on the callback executor (by
 * default {@link ForkJoinPool#commonPool()}).
 *
 * <p>Retrying is always safe: the worker decides an id at most once, and a command sent again with the same id is
 * answered with the stored outcome ({@code replay == true}). So when a future fails with a
 * {@link ResultTimeoutException} or {@link PublishException}, send the same command again (same id).
 *
 * <p>Awaiting an id decided earlier: {@link #await(CommandId)} answers from the most recent results the client
 * has read (see {@link Builder#recentResults(int)}) and, for an id older than those, reads the results topic from
 * its beginning once on a separate, short-lived consumer. On a large topic that scan is slow; sending the command
 * again with the same id gets the same decision back (as a replay) at the cost of one round trip.
 *
 * <p><b>In flight.</b> At most {@link Builder#maxInFlight(int)} commands are in flight at once (handed to the
 * producer and not yet answered, failed or timed out). A call beyond that still returns at once; its command waits,
 * in call order, until an earlier one finishes, and only then is it sent and its timeout started. Waiting rather
 * than failing fast keeps the promise that commands are published in call order (a refused command would let a
 * later debit of the same account overtake it), and needs no retry loop in the caller; a caller that must not
 * queue can watch {@link #waitingForRoom()}.
 *
 * <p><b>Failures.</b> A broker that is down when the client is built delays readiness: the client keeps trying,
 * commands wait for it up to the connect timeout each, and once it is reachable every call works. The results
 * reader survives any failure (it logs it and reads on from where it was, keeping every waiting future), and a
 * result with a reason code this version does not know completes its future all the same, with the code in
 * {@link Result#reasonCode()}. {@link #close()} completes every future still pending.
 *
 * <p>The results consumer assigns the partitions the results topic has when the client starts; partitions added
 * to the topic later are not read until the client is recreated. Its Kafka settings are in {@link KafkaSettings}.
 */
public final class TransferClient implements AutoCloseable {

    private final Duration defaultTimeout;
    private final ResultListener listener;
    private final Publisher publisher;
    private final InFlightLimit limit;
    private final ResultWaits waits;
    private final Sender sender;
    /** Every future this client handed out and has not completed yet, so that close() can complete each one. */
    private final Outstanding outstanding = new Outstanding();

    private TransferClient(Builder builder) {
        this.defaultTimeout = builder.defaultTimeout;
        Callbacks callbacks = new Callbacks(builder.callbacks);
        Map<String, Object> consumerConfig = KafkaSettings.resultsConsumer(builder.bootstrapServers,
                builder.properties, builder.consumerProperties);
        this.limit = new InFlightLimit(builder.maxInFlight);
        this.listener = new ResultListener(consumerConfig, builder.resultsTopic, builder.commandsTopic,
                builder.connectTimeout, builder.recentResults, callbacks);
        this.waits = new ResultWaits(listener, consumerConfig, builder.connectTimeout, callbacks, outstanding);
        this.publisher = new Publisher(KafkaSettings.producer(builder.bootstrapServers, builder.properties,
                builder.producerProperties, builder.connectTimeout), builder.commandsTopic, builder.connectTimeout,
                listener.ready(), listener::lastFailure);
        this.sender = new Sender(publisher, limit, listener, waits, callbacks, outstanding);
        this.listener.start();
    }

    /** A builder with the contract's default topic names and a 30-second default timeout. */
    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------------------------------ command factories

    /**
     * A transfer with a fresh id, its arguments checked.
     *
     * @param reference optional ({@code null}), at most 256 characters
     * @throws IllegalArgumentException naming the argument, when one breaks the contract
     */
    public static Transfer newTransfer(String debitAccountId, String creditAccountId, long amount, String currency,
                                       String reference) {
        return newTransfer(CommandId.random(), debitAccountId, creditAccountId, amount, currency, reference);
    }

    /**
     * A transfer with the caller's id (reuse it on every retry), its arguments checked.
     *
     * @throws IllegalArgumentException naming the argument, when one breaks the contract
     * @throws NullPointerException     when {@code id} is {@code null}
     */
    public static Transfer newTransfer(CommandId id, String debitAccountId, String creditAccountId, long amount,
                                       String currency, String reference) {
        Objects.requireNonNull(id, "id");
        AccountId debit = Arguments.accountId("debitAccountId", debitAccountId);
        AccountId credit = Arguments.accountId("creditAccountId", creditAccountId);
        if (amount < 1) {
            throw new IllegalArgumentException("amount must be at least 1 minor unit, was " + amount);
        }
        Arguments.currency(currency);
        if (reference != null && !Money.isValidReference(reference)) {
            throw new IllegalArgumentException("reference must be at most " + Money.MAX_REFERENCE_LENGTH
                    + " characters of Unicode text, without NUL");
        }
        return new Transfer(id, debit, credit, amount, currency, reference);
    }

    /**
     * An account opening with a fresh id: a bounded account whose balance may not go below
     * {@code -overdraftLimit}.
     *
     * @throws IllegalArgumentException naming the argument, when one breaks the contract
     */
    public static OpenAccount newAccount(String accountId, String currency, long overdraftLimit) {
        AccountId account = Arguments.accountId("accountId", accountId);
        Arguments.currency(currency);
        if (overdraftLimit < 0) {
            throw new IllegalArgumentException("overdraftLimit must be >= 0, was " + overdraftLimit
                    + " (an account without a floor is a funding account: use newFundingAccount)");
        }
        return OpenAccount.bounded(CommandId.random(), account, currency, overdraftLimit);
    }

    /**
     * A funding account opening with a fresh id: no floor; money enters the system through such accounts.
     *
     * @throws IllegalArgumentException naming the argument, when one breaks the contract
     */
    public static OpenAccount newFundingAccount(String accountId, String currency) {
        AccountId account = Arguments.accountId("accountId", accountId);
        Arguments.currency(currency);
        return OpenAccount.unbounded(CommandId.random(), account, currency);
    }

    // ------------------------------------------------------------------------------------------------- publishing

    /**
     * Moves money and completes with the decision. The id is generated; it is in the result.
     *
     * @throws IllegalArgumentException naming the argument, before anything is sent
     * @see #send(Command, Duration) for how the future completes
     */
    public CompletableFuture<TransferResult> transfer(String debitAccountId, String creditAccountId, long amount,
                                                      String currency) {
        return transfer(newTransfer(debitAccountId, creditAccountId, amount, currency, null));
    }

    /** As {@link #transfer(String, String, long, String)}, with a reference stored and echoed with the transfer. */
    public CompletableFuture<TransferResult> transfer(String debitAccountId, String creditAccountId, long amount,
                                                      String currency, String reference) {
        return transfer(newTransfer(debitAccountId, creditAccountId, amount, currency, reference));
    }

    /**
     * Publishes a transfer whose id the caller chose (for example to retry it) and completes with the decision.
     *
     * @see #send(Command, Duration) for how the future completes
     */
    public CompletableFuture<TransferResult> transfer(Transfer transfer) {
        return send(transfer, defaultTimeout).result().thenApply(TransferResult.class::cast);
    }

    /**
     * Opens a bounded account (balance never below {@code -overdraftLimit}) and completes with the decision.
     *
     * @throws IllegalArgumentException naming the argument, before anything is sent
     */
    public CompletableFuture<OpenAccountResult> openAccount(String accountId, String currency, long overdraftLimit) {
        return openAccount(newAccount(accountId, currency, overdraftLimit));
    }

    /**
     * Opens a funding account (no floor) and completes with the decision.
     *
     * @throws IllegalArgumentException naming the argument, before anything is sent
     */
    public CompletableFuture<OpenAccountResult> openFundingAccount(String accountId, String currency) {
        return openAccount(newFundingAccount(accountId, currency));
    }

    /** Publishes an opening whose id the caller chose, and completes with the decision. */
    public CompletableFuture<OpenAccountResult> openAccount(OpenAccount openAccount) {
        return send(openAccount, defaultTimeout).result().thenApply(OpenAccountResult.class::cast);
    }

    // ---------------------------------------------------- holds, linked transfers, closing (contract v1.1)
    // Thin on purpose: the commands are built (and their arguments checked) by LedgerCommands, and sent by send().

    /**
     * Takes a hold: sets {@code amount} of the debit account's available balance aside for the credit account, and
     * completes with the decision (an applied hold has {@code pending() == true} and its {@code expiresAt()}).
     *
     * @param timeout how long the hold lasts, whole seconds from 1 s to 365 days; {@code null}: it never expires
     * @throws IllegalArgumentException naming the argument, before anything is sent
     */
    public CompletableFuture<TransferResult> hold(String debitAccountId, String creditAccountId, long amount,
                                                  String currency, Duration timeout) {
        return transfer(LedgerCommands.hold(debitAccountId, creditAccountId, amount, currency, timeout, null));
    }

    /**
     * Posts the whole amount {@code hold} holds, and completes with the decision.
     *
     * @param hold the hold's result, as {@link #hold} completed with it
     * @throws IllegalArgumentException when {@code hold} is not the result of a pending transfer
     */
    public CompletableFuture<PendingResolutionResult> post(TransferResult hold) {
        return resolve(LedgerCommands.post(LedgerCommands.holdId(hold)), hold);
    }

    /** Posts {@code amount} (at least 1, at most the held amount) of {@code hold} and releases the rest. */
    public CompletableFuture<PendingResolutionResult> post(TransferResult hold, long amount) {
        return resolve(LedgerCommands.post(CommandId.random(), LedgerCommands.holdId(hold), amount), hold);
    }

    /** Releases {@code hold}, and completes with the decision. */
    public CompletableFuture<PendingResolutionResult> voidHold(TransferResult hold) {
        return resolve(LedgerCommands.voidHold(LedgerCommands.holdId(hold)), hold);
    }

    /**
     * Sends a post or void whose id the caller chose. It is keyed by its pending transfer's debit account, which the
     * client finds as {@link #await(CommandId)} finds a decision; when the pending transfer's decision cannot be
     * found (or names no debit account) within the default timeout, the future fails without sending anything:
     * then use {@link #send(Command, AccountId, Duration)} with the debit account.
     *
     * @throws IllegalArgumentException when {@code command} is neither a post nor a void
     */
    public CompletableFuture<PendingResolutionResult> resolve(Command command) {
        CommandId pendingId = LedgerCommands.pendingIdOf(command);
        return await(pendingId).thenCompose(decision -> {
            if (!(decision instanceof TransferResult hold) || hold.debitAccountId() == null) {
                throw new IllegalArgumentException("pendingId " + pendingId + " was decided as a "
                        + decision.type().wireName() + " without a debit account, not as a pending transfer");
            }
            return resolve(command, hold);
        });
    }

    /** Sends a post or void keyed by the debit account of {@code hold}. */
    private CompletableFuture<PendingResolutionResult> resolve(Command command, TransferResult hold) {
        return send(command, hold.debitAccountId(), defaultTimeout).result()
                .thenApply(PendingResolutionResult.class::cast);
    }

    /**
     * Applies every leg, in order, each seeing the earlier ones' effects, or none of them.
     *
     * @param legs 1 to 100, built with {@link LedgerCommands#leg}
     * @throws IllegalArgumentException naming the argument, before anything is sent
     */
    public CompletableFuture<LinkedTransfersResult> linked(List<LinkedTransfers.Leg> legs) {
        return linked(LedgerCommands.linked(legs));
    }

    /** Publishes linked transfers whose id the caller chose, and completes with the decision. */
    public CompletableFuture<LinkedTransfersResult> linked(LinkedTransfers command) {
        return send(command, defaultTimeout).result().thenApply(LinkedTransfersResult.class::cast);
    }

    /**
     * Closes an account (it needs a zero balance and no live hold) and completes with the decision.
     *
     * @throws IllegalArgumentException naming the argument, before anything is sent
     */
    public CompletableFuture<CloseAccountResult> closeAccount(String accountId) {
        return closeAccount(LedgerCommands.close(accountId));
    }

    /** Publishes a closing whose id the caller chose, and completes with the decision. */
    public CompletableFuture<CloseAccountResult> closeAccount(CloseAccount command) {
        return send(command, defaultTimeout).result().thenApply(CloseAccountResult.class::cast);
    }

    /** {@link #send(Command, Duration)} with the client's default timeout. */
    public Pending<Result> send(Command command) {
        return send(command, defaultTimeout);
    }

    /**
     * Publishes a command and returns at once with its id and the future of its result.
     *
     * <p>The future completes with the first result that answers this command (its id, type and echoed fields)
     * that the client reads after this call: the decision, or, when the id was decided before (a retry), the
     * stored decision marked {@code replay == true}, or, when the id was decided before for a command with other
     * fields, a {@code REJECTED} result with reason {@code ID_REUSED_WITH_DIFFERENT_FIELDS}.
     *
     * <p>It completes exceptionally with a {@link ResultTimeoutException} when no result arrives within
     * {@code timeout} of the command being handed to the producer (time spent waiting for room, see
     * {@link Builder#maxInFlight(int)}, does not count), with a {@link PublishException} when the broker does not
     * acknowledge the command or cannot be reached within the connect timeout, and with an
     * {@link IllegalStateException} when the client is closed first. In each of these cases the outcome is unknown
     * and sending the same command again is safe.
     *
     * @throws NullPointerException     when an argument is {@code null}
     * @throws IllegalArgumentException for a {@code post_pending} or {@code void_pending}, which name no account:
     *                                  send them with {@link #send(Command, AccountId, Duration)}
     * @throws IllegalStateException    when the client is closed
     */
    public Pending<Result> send(Command command, Duration timeout) {
        Objects.requireNonNull(command, "command");
        return send(command, Arguments.orderingKey(command), timeout);
    }

    /**
     * As {@link #send(Command, Duration)}, with the record key given: a {@code post_pending} or {@code void_pending}
     * names no account and is keyed by its pending transfer's debit account, which puts it on the hold's partition,
     * after the hold.
     *
     * @throws NullPointerException  when an argument is {@code null}
     * @throws IllegalStateException when the client is closed
     */
    public Pending<Result> send(Command command, AccountId orderingKey, Duration timeout) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(orderingKey, "orderingKey");
        Arguments.requirePositive(timeout);
        outstanding.requireOpen();
        return sender.send(command, orderingKey, timeout);
    }

    /**
     * Publishes a command without awaiting its result (fire and forget). Completes with the command's id when the
     * broker acknowledged it (written to all in-sync replicas), or exceptionally with a {@link PublishException}.
     * The result can be awaited later with {@link #await(CommandId)}.
     *
     * <p>Such a command counts against {@link Builder#maxInFlight(int)} until it is acknowledged.
     *
     * @throws NullPointerException     when {@code command} is {@code null}
     * @throws IllegalArgumentException for a {@code post_pending} or {@code void_pending}, which name no account
     * @throws IllegalStateException    when the client is closed
     */
    public CompletableFuture<CommandId> submit(Command command) {
        Objects.requireNonNull(command, "command");
        AccountId key = Arguments.orderingKey(command);
        outstanding.requireOpen();
        return sender.submit(command, key);
    }

    // --------------------------------------------------------------------------------------------------- awaiting

    /** {@link #await(CommandId, Duration)} with the client's default timeout. */
    public CompletableFuture<Result> await(CommandId id) {
        return await(id, defaultTimeout);
    }

    /**
     * Completes with the decision on {@code id}, whenever it was made: from the recent results if the client has
     * read it, else from a read of the whole results topic, else with the result when it arrives. Prefers the
     * original ({@code replay == false}) result. Completes exceptionally with a {@link ResultTimeoutException}
     * when no decision is found within {@code timeout} (the id may never have been sent).
     */
    public CompletableFuture<Result> await(CommandId id, Duration timeout) {
        Objects.requireNonNull(id, "id");
        Arguments.requirePositive(timeout);
        outstanding.requireOpen();
        return waits.await(id, timeout);
    }

    // -------------------------------------------------------------------------------------------------- lifecycle

    /**
     * Completes when the client can work: both topics exist, and the results consumer is positioned (so every
     * result committed from now on will be read). Completes exceptionally with a {@link PublishException} saying
     * why when that has not happened within the connect timeout of this call; the client keeps trying, so a later
     * call may complete normally. Calling it is optional; commands sent earlier simply wait for it.
     */
    public CompletableFuture<Void> ready() {
        return waits.ready();
    }

    /** How many futures are waiting for a result right now (commands in flight, and {@link #await} calls). */
    public int inFlight() {
        return listener.waitingCount();
    }

    /** How many commands wait for room before being sent (see {@link Builder#maxInFlight(int)}). */
    public int waitingForRoom() {
        return limit.waiting();
    }

    /** How many results the client has read since it started (all ids, not only its own). */
    public long resultsRead() {
        return listener.resultsRead();
    }

    /**
     * Sends what was handed to the producer (waiting up to 10 seconds), stops reading results, and completes every
     * future still pending, whether waiting for room, for the broker or for its result, exceptionally with an
     * {@link IllegalStateException} (outcome unknown; retrying with the same id is safe). No future is left
     * waiting. Idempotent.
     */
    @Override
    public void close() {
        if (!outstanding.close()) {
            return;
        }
        limit.close();
        if (!listener.ready().isDone()) {
            // Nothing can be sent without the broker; stopping the reader fails the commands waiting for it.
            listener.stop(Duration.ofSeconds(5));
        }
        publisher.close(Duration.ofSeconds(10));
        listener.stop(Duration.ofSeconds(5));
        waits.close();
        listener.drain();
        outstanding.failAll(new IllegalStateException("the client was closed before the result arrived; the "
                + "outcome is unknown, and retrying with the same id is safe"));
    }

    /** Settings of a {@link TransferClient}. Not thread-safe; build once. */
    public static final class Builder {

        private String bootstrapServers = "localhost:9092";
        private String commandsTopic = Topics.COMMANDS;
        private String resultsTopic = Topics.RESULTS;
        private Duration defaultTimeout = Duration.ofSeconds(30);
        private Duration connectTimeout = Duration.ofSeconds(15);
        private int recentResults = 100_000;
        private int maxInFlight = 10_000;
        private Executor callbacks = ForkJoinPool.commonPool();
        private final Map<String, Object> properties = new HashMap<>();
        private final Map<String, Object> producerProperties = new HashMap<>();
        private final Map<String, Object> consumerProperties = new HashMap<>();

        private Builder() {
        }

        /** The Kafka bootstrap servers, {@code host:port[,host:port...]}; default {@code localhost:9092}. */
        public Builder bootstrapServers(String bootstrapServers) {
            this.bootstrapServers = Arguments.requireText("bootstrapServers", bootstrapServers);
            return this;
        }

        /** Default {@value Topics#COMMANDS}. */
        public Builder commandsTopic(String commandsTopic) {
            this.commandsTopic = Arguments.requireText("commandsTopic", commandsTopic);
            return this;
        }

        /** Default {@value Topics#RESULTS}. */
        public Builder resultsTopic(String resultsTopic) {
            this.resultsTopic = Arguments.requireText("resultsTopic", resultsTopic);
            return this;
        }

        /** How long a future waits for its result unless a call says otherwise; default 30 seconds. */
        public Builder defaultTimeout(Duration defaultTimeout) {
            Arguments.requirePositive(defaultTimeout);
            this.defaultTimeout = defaultTimeout;
            return this;
        }

        /** How long to wait for the broker and topic metadata when starting; default 15 seconds. */
        public Builder connectTimeout(Duration connectTimeout) {
            Arguments.requirePositive(connectTimeout);
            this.connectTimeout = connectTimeout;
            return this;
        }

        /** How many recent decisions the client remembers for {@link TransferClient#await}; default 100,000. */
        public Builder recentResults(int recentResults) {
            if (recentResults < 1) {
                throw new IllegalArgumentException("recentResults must be at least 1, was " + recentResults);
            }
            this.recentResults = recentResults;
            return this;
        }

        /**
         * The most commands in flight at once (handed to the producer and not yet answered, failed or timed out);
         * default 10,000. A command beyond it waits, in call order and without blocking the caller, until an
         * earlier one finishes; its timeout starts only when it is handed to the producer.
         */
        public Builder maxInFlight(int maxInFlight) {
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
            }
            this.maxInFlight = maxInFlight;
            return this;
        }

        /**
         * Where futures are completed (and so where their dependent stages run); default the common pool. An
         * executor that refuses a task costs nothing: the future is then completed on a thread of the client's.
         */
        public Builder callbackExecutor(Executor callbacks) {
            this.callbacks = Objects.requireNonNull(callbacks, "callbacks");
            return this;
        }

        /**
         * An extra Kafka setting for both the producer and the consumer (security, client id, ...). The settings
         * the client's guarantees depend on ({@code acks}, idempotence, isolation level, no consumer group) are
         * always forced.
         */
        public Builder property(String name, Object value) {
            properties.put(Arguments.requireText("name", name), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Extra Kafka settings for both the producer and the consumer; see {@link #property}. */
        public Builder properties(Map<String, ?> values) {
            values.forEach(this::property);
            return this;
        }

        /** An extra setting for the producer only ({@code linger.ms}, {@code compression.type}, ...). */
        public Builder producerProperty(String name, Object value) {
            producerProperties.put(Arguments.requireText("name", name), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** An extra setting for the results consumer only. */
        public Builder consumerProperty(String name, Object value) {
            consumerProperties.put(Arguments.requireText("name", name), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Creates the client and starts connecting in the background; see {@link TransferClient#ready()}. */
        public TransferClient build() {
            return new TransferClient(this);
        }
    }
}
