package dev.zhijia.notify;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.restassured.path.json.JsonPath;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A {@code /me/live} (or {@code /console/live}) client on java.net.http.WebSocket that queues every text frame with
 * its arrival time.
 */
public final class LiveClient implements AutoCloseable {

    public record Frame(String text, long receivedNanos) {
        public JsonPath json() {
            return JsonPath.from(text);
        }

        public String type() {
            return json().getString("type");
        }
    }

    public static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    final WebSocket socket;
    private final BlockingQueue<Frame> frames;
    /** What the server replayed before {@code {"type":"ready"}}. */
    final java.util.List<Frame> replayed = new java.util.ArrayList<>();

    final CompletableFuture<Integer> closed;

    private LiveClient(WebSocket socket, BlockingQueue<Frame> frames, CompletableFuture<Integer> closed) {
        this.socket = socket;
        this.frames = frames;
        this.closed = closed;
    }

    public static String url(int port, String query) {
        return "ws://127.0.0.1:" + port + "/api/v1/me/live" + (query == null ? "" : "?" + query);
    }

    /** The console accounts' socket (caseworkers, admins). */
    public static String consoleUrl(int port, String query) {
        return "ws://127.0.0.1:" + port + "/api/v1/console/live" + (query == null ? "" : "?" + query);
    }

    /** A console account's socket, token in the Authorization header. */
    public static LiveClient console(int port, String token, String query) {
        return connect(HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + token), consoleUrl(port, query));
    }

    /** Token in the Authorization header, as the mini-program's wx.connectSocket sends it. */
    public static LiveClient withHeader(int port, String token, String query) {
        return connect(HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + token), url(port, query));
    }

    /** Token in the sub-protocol, as a browser must send it, next to the sub-protocol the server echoes. */
    public static LiveClient withSubprotocol(int port, String token) {
        return connect(
                HTTP.newWebSocketBuilder()
                        .subprotocols("zhijia-live", "quarkus-http-upgrade#Authorization#Bearer%20" + token),
                url(port, null));
    }

    /** The HTTP status of a handshake the server must refuse. */
    public static int handshakeStatus(WebSocket.Builder builder, String url) {
        java.util.concurrent.CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.CompletionException.class,
                () -> connectAsync(builder, url).join());
        return org.junit.jupiter.api.Assertions.assertInstanceOf(
                        java.net.http.WebSocketHandshakeException.class, e.getCause())
                .getResponse()
                .statusCode();
    }

    public static CompletableFuture<LiveClient> connectAsync(WebSocket.Builder builder, String url) {
        BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    frames.add(new Frame(partial.toString(), System.nanoTime()));
                    partial.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                closed.complete(-1);
            }
        };
        return builder.connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(url), listener)
                .thenApply(ws -> new LiveClient(ws, frames, closed));
    }

    public static LiveClient connect(WebSocket.Builder builder, String url) {
        LiveClient c = connectAsync(builder, url).join();
        c.awaitReady();
        return c;
    }

    public void awaitReady() {
        for (Frame f = next(Duration.ofSeconds(10)); !"ready".equals(f.type()); f = next(Duration.ofSeconds(10))) {
            replayed.add(f);
        }
    }

    /** The next frame, or a failure after {@code timeout}. */
    public Frame next(Duration timeout) {
        try {
            Frame f = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (f == null) {
                fail("no live frame within " + timeout);
            }
            return f;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The next frame if one arrives within {@code timeout}, else null. */
    public Frame poll(Duration timeout) throws InterruptedException {
        return frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Skips frames of other types (e.g. events of other tests) until one of this type arrives. */
    public Frame awaitType(String type, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail("no '" + type + "' frame within " + timeout);
            }
            Frame f = next(Duration.ofNanos(left));
            if (type.equals(f.type())) {
                return f;
            }
        }
    }

    /** The next campaign frame for this campaign id, skipping others. */
    public Frame awaitCampaign(long campaignId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail("campaign " + campaignId + " did not arrive within " + timeout);
            }
            Frame f = next(Duration.ofNanos(left));
            if ("campaign".equals(f.type()) && f.json().getLong("campaign.id") == campaignId) {
                return f;
            }
        }
    }

    /** The close code the server sent within {@code timeout} (-1 for an error), or a failure. */
    public int awaitClose(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return fail("the socket was still open after " + timeout);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the server replayed before {@code {"type":"ready"}}. */
    public java.util.List<Frame> replayedFrames() {
        return java.util.List.copyOf(replayed);
    }

    /** The sub-protocol the server echoed. */
    public String subprotocol() {
        return socket.getSubprotocol();
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            socket.abort();
        }
    }
}
