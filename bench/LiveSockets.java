import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds N live sockets (/api/v1/me/live) open for SECONDS, one per token, reconnecting any that close; prints
 * "LIVE opened=.. closed=.. messages=.. failed=.." at the end. Usage: java bench/LiveSockets.java WS_URL TOKENS N SECONDS
 */
public class LiveSockets {
    static final AtomicInteger opened = new AtomicInteger(), closed = new AtomicInteger(), messages = new AtomicInteger(),
            failed = new AtomicInteger();

    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        List<String> tokens = Files.readAllLines(Path.of(args[1]));
        int n = Integer.parseInt(args[2]);
        long end = System.currentTimeMillis() + Long.parseLong(args[3]) * 1000;
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < n; i++) {
            open(http, url, tokens.get(i % tokens.size()), end);
        }
        while (System.currentTimeMillis() < end) {
            Thread.sleep(500);
        }
        System.out.printf("LIVE opened=%d closed=%d messages=%d failed=%d%n", opened.get(), closed.get(), messages.get(), failed.get());
        System.exit(0);
    }

    static void open(HttpClient http, URI url, String token, long end) {
        if (System.currentTimeMillis() >= end) {
            return;
        }
        http.newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .subprotocols("zhijia-live")
                .buildAsync(url, new WebSocket.Listener() {
                    public void onOpen(WebSocket ws) {
                        opened.incrementAndGet();
                        ws.request(Long.MAX_VALUE);
                    }

                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        messages.incrementAndGet();
                        return null;
                    }

                    public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                        closed.incrementAndGet();
                        open(http, url, token, end);
                        return null;
                    }

                    public void onError(WebSocket ws, Throwable error) {
                        failed.incrementAndGet();
                    }
                })
                .exceptionally(e -> {
                    failed.incrementAndGet();
                    return null;
                });
    }
}
