package dev.tally.producer.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tally.contracts.Command;
import dev.tally.contracts.CommandId;
import dev.tally.contracts.Reason;
import dev.tally.contracts.Result;
import dev.tally.contracts.Status;
import dev.tally.contracts.Transfer;
import dev.tally.contracts.TransferResult;
import dev.tally.testkit.BrokerProcess;
import dev.tally.testkit.KafkaTopics;
import dev.tally.testkit.TallyServices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * How the client behaves when things go wrong: a worker newer than the client, a callback executor that throws,
 * a broker restart, more commands than it lets in flight, a close with futures pending, a broker that is down when
 * the client is built. Each test runs the client against the real in-JVM broker (the restart test: a broker process
 * of its own), with fresh topics, and a {@link FakeWorker} in place of the worker, so that it needs no database.
 */
class TransferClientFailuresIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private String bootstrap;
    private String commandsTopic;
    private String resultsTopic;
    private FakeWorker worker;

    @BeforeEach
    void freshTopics() {
        bootstrap = TallyServices.get().kafkaBootstrap();
        commandsTopic = KafkaTopics.unique("client.commands");
        resultsTopic = KafkaTopics.unique("client.results");
        KafkaTopics.create(bootstrap, 2, commandsTopic, resultsTopic);
    }

    @AfterEach
    void stopWorker() throws InterruptedException {
        if (worker != null) {
            worker.close();
        }
    }

    private TransferClient.Builder client() {
        return TransferClient.builder().bootstrapServers(bootstrap).commandsTopic(commandsTopic)
                .resultsTopic(resultsTopic).connectTimeout(Duration.ofSeconds(30));
    }

    private static Transfer transfer(long amount) {
        return TransferClient.newTransfer("alice", "bob", amount, "EUR", null);
    }

    /**
     * A newer worker rejects with a reason this client version does not know: the future still completes with
     * the rejection, the new code kept as text (before, the result was dropped as unreadable and the future timed
     * out).
     */
    @Test
    void completesTheFutureWithAReasonCodeThisVersionDoesNotKnow() throws Exception {
        worker = new FakeWorker(bootstrap, commandsTopic, resultsTopic, command -> List.of(
                new String(FakeWorker.applied(command), StandardCharsets.UTF_8)
                        .replace("\"status\":\"APPLIED\",\"reason\":null",
                                "\"status\":\"REJECTED\",\"reason\":\"ACCOUNT_FROZEN\"")
                        .getBytes(StandardCharsets.UTF_8)));
        try (TransferClient client = client().defaultTimeout(WAIT).build()) {
            TransferResult result = client.transfer(transfer(10)).get(90, TimeUnit.SECONDS);

            assertThat(result.status()).isEqualTo(Status.REJECTED);
            assertThat(result.reason()).isNull();
            assertThat(result.reasonCode()).isEqualTo("ACCOUNT_FROZEN");
        }
    }

    /**
     * The callback executor throws when asked to complete the first future: that future is completed all the same
     * (on the client's thread), and the results reader goes on completing later ones (before, the exception ended
     * the reader, and every later future waited until its timeout).
     */
    @Test
    void keepsCompletingFuturesAfterTheCallbackExecutorThrows() throws Exception {
        worker = new FakeWorker(bootstrap, commandsTopic, resultsTopic,
                command -> List.of(FakeWorker.applied(command)));
        AtomicInteger calls = new AtomicInteger();
        Executor throwsOnce = task -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("callback executor failure for the test");
            }
            task.run();
        };
        try (TransferClient client = client().defaultTimeout(WAIT).callbackExecutor(throwsOnce).build()) {
            Transfer first = transfer(1);
            assertThat(client.transfer(first).get(90, TimeUnit.SECONDS).id()).isEqualTo(first.id());
            assertThat(calls.get()).isEqualTo(1);

            Transfer second = transfer(2);
            assertThat(client.transfer(second).get(90, TimeUnit.SECONDS).id()).isEqualTo(second.id());
            assertThat(calls.get()).isGreaterThan(1);
        }
    }

    /**
     * The broker is stopped while a command waits for its result, and started again on the same ports and log: the
     * results reader keeps the waiting future and completes it with the result published after the restart, and a
     * command sent after the restart completes too. The broker is a process of the test's own.
     */
    @Test
    void keepsWaitingFuturesAcrossABrokerRestart(@TempDir Path directory) throws Exception {
        Transfer first = transfer(1);
        try (BrokerProcess broker = BrokerProcess.format(directory, List.of("-XX:TieredStopAtLevel=1"))) {
            broker.start();
            KafkaTopics.create(broker.bootstrap(), 2, commandsTopic, resultsTopic);
            worker = new FakeWorker(broker.bootstrap(), commandsTopic, resultsTopic,
                    command -> command.id().equals(first.id()) ? List.of() : List.of(FakeWorker.applied(command)));
            try (TransferClient client = TransferClient.builder().bootstrapServers(broker.bootstrap())
                    .commandsTopic(commandsTopic).resultsTopic(resultsTopic).defaultTimeout(Duration.ofSeconds(120))
                    .build()) {
                CompletableFuture<TransferResult> waiting = client.transfer(first);
                await().atMost(WAIT).until(() -> worker.received().contains(first));

                broker.stop();
                broker.start();

                worker.answer(first, FakeWorker.applied(first));
                assertThat(waiting.get(90, TimeUnit.SECONDS).id()).isEqualTo(first.id());
                Transfer after = transfer(2);
                assertThat(client.transfer(after).get(90, TimeUnit.SECONDS).id()).isEqualTo(after.id());
            } finally {
                worker.close();
                worker = null;
            }
        }
    }

    /**
     * A result for the awaited id that echoes other fields (another command that reused the id) is not taken for
     * the answer; the result that echoes the command's own fields is.
     */
    @Test
    void completesAFutureOnlyWithAResultThatEchoesItsOwnCommand() throws Exception {
        worker = new FakeWorker(bootstrap, commandsTopic, resultsTopic, command -> List.of(
                FakeWorker.applied(new Transfer(command.id(), ((Transfer) command).debitAccountId(),
                        ((Transfer) command).creditAccountId(), 999, "EUR", null)),
                FakeWorker.applied(command)));
        try (TransferClient client = client().defaultTimeout(WAIT).build()) {
            TransferResult result = client.transfer(transfer(5)).get(90, TimeUnit.SECONDS);

            assertThat(result.amount()).isEqualTo(5);
        }
    }

    /**
     * With one command allowed in flight, a second call returns at once and its command waits, unsent, until the
     * first is answered; its timeout starts only then: it waits longer than its own timeout without timing out,
     * and then completes with its result.
     */
    @Test
    void holdsCommandsBeyondMaxInFlightWithoutStartingTheirTimeout() throws Exception {
        Transfer first = transfer(1);
        worker = new FakeWorker(bootstrap, commandsTopic, resultsTopic,
                command -> command.id().equals(first.id()) ? List.of() : List.of(FakeWorker.applied(command)));
        try (TransferClient client = client().maxInFlight(1).build()) {
            CompletableFuture<Result> firstResult = client.send(first, WAIT).result();
            Transfer second = transfer(2);
            Duration secondTimeout = Duration.ofSeconds(3);
            CompletableFuture<Result> secondResult = client.send(second, secondTimeout).result();

            await().atMost(WAIT).until(() -> worker.received().contains(first));
            assertThat(client.waitingForRoom()).isEqualTo(1);
            // Longer than the second command's timeout: had its clock started at the call, it would fail now.
            TimeUnit.MILLISECONDS.sleep(secondTimeout.toMillis() + 1_000);
            assertThat(secondResult).isNotDone();
            assertThat(worker.received()).doesNotContain(second);

            worker.answer(first, FakeWorker.applied(first));
            assertThat(firstResult.get(90, TimeUnit.SECONDS).id()).isEqualTo(first.id());
            assertThat(secondResult.get(90, TimeUnit.SECONDS).id()).isEqualTo(second.id());
            assertThat(client.waitingForRoom()).isZero();
            assertThat(client.inFlight()).isZero();
        }
    }

    /**
     * close() leaves no future waiting: not one whose command awaits its result, nor one waiting for room, nor an
     * await of an id, nor (on a client whose broker is unreachable) fire-and-forget commands waiting for the
     * broker, queued behind one another. Each is completed exceptionally by the time close() returns.
     */
    @Test
    void closeCompletesEveryPendingFutureExceptionally() throws Exception {
        worker = new FakeWorker(bootstrap, commandsTopic, resultsTopic, command -> List.of());
        List<CompletableFuture<?>> pending;
        TransferClient client = client().maxInFlight(1).defaultTimeout(WAIT).build();
        TransferClient unreachable = TransferClient.builder().bootstrapServers("127.0.0.1:" + freePort())
                .connectTimeout(WAIT).defaultTimeout(WAIT).build();
        try {
            client.ready().get(90, TimeUnit.SECONDS);
            Transfer inFlight = transfer(1);
            pending = List.of(client.send(inFlight).result(), client.send(transfer(2)).result(),
                    client.await(CommandId.random()), unreachable.submit(transfer(3)), unreachable.submit(transfer(4)),
                    unreachable.send(transfer(5)).result());
            await().atMost(WAIT).until(() -> worker.received().contains(inFlight));
            assertThat(pending).noneMatch(CompletableFuture::isDone);
        } finally {
            client.close();
            unreachable.close();
        }

        for (CompletableFuture<?> future : pending) {
            assertThat(future).isCompletedExceptionally();
            assertThatThrownBy(future::join).hasCauseInstanceOf(IllegalStateException.class);
        }
    }

    /**
     * The broker is unreachable when the client is built, for longer than the connect timeout: readiness fails then,
     * but once the broker can be reached at that address the client connects by itself, and calls made after that
     * work (before, the first failure was final and every later call failed). The client's bootstrap address is a
     * port of the test's that forwards to the broker only from the moment the test opens it.
     */
    @Test
    void connectsOnceTheBrokerIsReachableAfterTheClientWasBuilt() throws Exception {
        worker = new FakeWorker(bootstrap, commandsTopic, resultsTopic,
                command -> List.of(FakeWorker.applied(command)));
        int port = freePort();
        try (TransferClient client = TransferClient.builder().bootstrapServers("127.0.0.1:" + port)
                .commandsTopic(commandsTopic).resultsTopic(resultsTopic)
                .connectTimeout(Duration.ofSeconds(2)).defaultTimeout(WAIT).build()) {
            assertThatThrownBy(() -> client.ready().get(90, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(PublishException.class);

            try (ForwardingPort reachable = new ForwardingPort(port, bootstrap)) {
                long openedNs = System.nanoTime();
                await().atMost(WAIT).untilAsserted(() -> assertThat(client.ready()).succeedsWithin(WAIT));
                System.out.printf("connected %d ms after the broker became reachable%n",
                        (System.nanoTime() - openedNs) / 1_000_000);
                Transfer after = transfer(7);
                assertThat(client.transfer(after).get(90, TimeUnit.SECONDS).id()).isEqualTo(after.id());
                assertThat(client.transfer(transfer(8)).get(90, TimeUnit.SECONDS).reason()).isNull();
            }
        }
    }

    /** Accepts connections on a local port and forwards each, both ways, to {@code host:port}; until closed. */
    private static final class ForwardingPort implements AutoCloseable {

        private final ServerSocket server;
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();

        ForwardingPort(int port, String target) throws IOException {
            int colon = target.lastIndexOf(':');
            String host = target.substring(0, colon);
            int targetPort = Integer.parseInt(target.substring(colon + 1).split(",")[0]);
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress("127.0.0.1", port));
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket in = server.accept();
                        Socket out = new Socket(host, targetPort);
                        sockets.add(in);
                        sockets.add(out);
                        pump(in, out);
                        pump(out, in);
                    } catch (IOException e) {
                        // closed
                    }
                }
            }, "forward-" + port);
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private static void pump(Socket from, Socket to) {
            Thread thread = new Thread(() -> {
                try {
                    from.getInputStream().transferTo(to.getOutputStream());
                } catch (IOException e) {
                    // either side closed
                } finally {
                    closeQuietly(from);
                    closeQuietly(to);
                }
            }, "forward-pump");
            thread.setDaemon(true);
            thread.start();
        }

        private static void closeQuietly(Socket socket) {
            try {
                socket.close();
            } catch (IOException e) {
                // nothing left to do
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            sockets.forEach(ForwardingPort::closeQuietly);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
