import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * A paced burst for bench/faults: every token in TOKENS taps POST PATH once (the first DOUBLE tokens twice), the
 * taps spread evenly over SECONDS and split round-robin between the BASE urls, at most CONCURRENCY in flight.
 * One line per tap on stdout: start-ms (since the burst began), base index, token index, status (-1 = no answer:
 * connection refused or reset), milliseconds, problem code or claim id.
 *
 * Usage: java bench/faults/Tapper.java BASES(comma) PATH TOKENS SECONDS CONCURRENCY DOUBLE
 */
public class Tapper {
    public static void main(String[] args) throws Exception {
        String[] bases = args[0].split(",");
        String path = args[1];
        List<String> tokens = Files.readAllLines(Path.of(args[2]));
        double seconds = Double.parseDouble(args[3]);
        int concurrency = Integer.parseInt(args[4]);
        int twice = Integer.parseInt(args[5]);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            order.add(i);
        }
        for (int i = 0; i < Math.min(twice, tokens.size()); i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, new java.util.Random(42));
        // HTTP/1.1 as the mini-program's wx.request speaks it; the JDK client's default (HTTP/2, tried by an h2c
        // upgrade on the first request to each address) is not what members send
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(Math.max(4, concurrency / 4)))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        Semaphore inFlight = new Semaphore(concurrency);
        long start = System.nanoTime();
        double gapNanos = seconds * 1e9 / order.size();
        List<CompletableFuture<String>> out = new ArrayList<>();
        for (int n = 0; n < order.size(); n++) {
            long due = start + (long) (n * gapNanos);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            inFlight.acquireUninterruptibly();
            int t = order.get(n);
            int b = n % bases.length;
            long sent = System.nanoTime();
            HttpRequest request = HttpRequest.newBuilder(URI.create(bases[b] + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + tokens.get(t))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build();
            out.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .handle((r, e) -> {
                        inFlight.release();
                        long ms = (System.nanoTime() - sent) / 1_000_000;
                        String at = Long.toString((sent - start) / 1_000_000);
                        if (e != null) {
                            return at + "\t" + b + "\t" + t + "\t-1\t" + ms + "\t" + failure(e);
                        }
                        return at + "\t" + b + "\t" + t + "\t" + r.statusCode() + "\t" + ms + "\t" + detail(r.body());
                    }));
        }
        for (CompletableFuture<String> f : out) {
            System.out.println(f.join());
        }
        System.exit(0);
    }

    /** The innermost cause and its message, on one line without tabs (a no-answer's reason). */
    private static String failure(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return (t.getClass().getSimpleName() + ":" + t.getMessage()).replaceAll("\\s+", "_");
    }

    private static String detail(String body) {
        for (String key : new String[] {"\"claimId\":", "\"code\":\""}) {
            int i = body.indexOf(key);
            if (i >= 0) {
                int from = i + key.length();
                int to = from;
                while (to < body.length() && body.charAt(to) != '"' && body.charAt(to) != ',' && body.charAt(to) != '}') {
                    to++;
                }
                return (key.startsWith("\"code") ? "" : "C:") + body.substring(from, to);
            }
        }
        return "-";
    }
}
