package dev.tally.worker;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Base of the tests that talk to a running worker over HTTP, as an operator or a probe would: the worker of
 * {@link WorkerIntegrationTest} (same database, topics and consumer group), but with its HTTP server on a random
 * port. It is a second worker instance in the group for as long as the run lasts, which the worker supports.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class WebWorkerIntegrationTest extends WorkerIntegrationTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    private int port;

    /** GETs the path from the worker with the given {@code Accept} header. */
    HttpResponse<String> get(String path, String accept) {
        return get(port, path, accept);
    }

    HttpResponse<String> get(String path) {
        return get(path, "application/json");
    }

    /** GETs the path as JSON with {@code Authorization: Bearer <token>}, as a client of a secured read API would. */
    HttpResponse<String> getWithToken(String path, String token) {
        return getWithToken(path, "application/json", token);
    }

    HttpResponse<String> getWithToken(String path, String accept, String token) {
        return send(request(port, path, accept).header("Authorization", "Bearer " + token).build(), path);
    }

    static HttpResponse<String> get(int port, String path, String accept) {
        return send(request(port, path, accept).build(), path);
    }

    private static HttpRequest.Builder request(int port, String path, String accept) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", accept)
                .timeout(Duration.ofSeconds(15))
                .GET();
    }

    private static HttpResponse<String> send(HttpRequest request, String path) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during GET " + path, e);
        }
    }
}
