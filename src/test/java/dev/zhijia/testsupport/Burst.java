package dev.zhijia.testsupport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

import io.restassured.RestAssured;

/** Fires many real HTTP requests at the running service at once and collects every answer. */
public final class Burst {

    /** One answer and how long it took, from sending the request to the whole body. */
    public record Answer(int status, String body, long millis) {
        public Answer(int status, String body) {
            this(status, body, 0);
        }

        public String code() {
            int i = body.indexOf("\"code\":\"");
            return i < 0 ? null : body.substring(i + 8, body.indexOf('"', i + 8));
        }
    }

    public record Call(String method, String path, String token, String jsonBody) {}

    private Burst() {}

    /** The running test instance (rest-assured knows its port once a test runs). */
    public static String baseUrl() {
        return "http://127.0.0.1:" + RestAssured.port;
    }

    /** Sends all calls with up to {@code concurrency} in flight; answers in the calls' order. */
    public static List<Answer> fire(List<Call> calls, int concurrency) {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        // HTTP/1.1, as a pod hears its clients through the ingress; the JDK's default h2c upgrade is not what
        // production sees
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(pool)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        String base = baseUrl();
        try {
            List<CompletableFuture<Answer>> futures = new ArrayList<>(calls.size());
            Semaphore inFlight = new Semaphore(concurrency);
            for (Call c : calls) {
                inFlight.acquireUninterruptibly();
                HttpRequest.Builder b =
                        HttpRequest.newBuilder(URI.create(base + c.path())).timeout(Duration.ofSeconds(60));
                if (c.token() != null) {
                    b.header("Authorization", "Bearer " + c.token());
                }
                b.header("Content-Type", "application/json");
                b.method(
                        c.method(),
                        c.jsonBody() == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(c.jsonBody()));
                long sent = System.nanoTime();
                futures.add(http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString())
                        .thenApply(r -> new Answer(r.statusCode(), r.body(), (System.nanoTime() - sent) / 1_000_000))
                        .exceptionally(e -> new Answer(-1, String.valueOf(e), (System.nanoTime() - sent) / 1_000_000))
                        .whenComplete((a, e) -> inFlight.release()));
            }
            return futures.stream().map(CompletableFuture::join).toList();
        } finally {
            pool.shutdownNow();
        }
    }
}
