package dev.zhijia.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The tests' Redis. Each test JVM starts it empty so that Redis matches the fresh MySQL schema, as the
 * architecture requires (Redis is rebuilt from MySQL). Two modes:
 * <ul>
 * <li>default: one database of the local server at 127.0.0.1:6379 (see {@link #DATABASE});</li>
 * <li>{@code ZHIJIA_TEST_REDIS_CLUSTER=host:port,host:port,...} set (the masters of a private Redis Cluster,
 *     as scripts/redis-cluster.sh prints them): the service runs with {@code quarkus.redis.client-type=cluster}
 *     against those nodes; a cluster has only database 0, so emptying it is FLUSHALL on every master.</li>
 * </ul>
 * Tests that reach Redis themselves (or start another replica) take the service's settings from {@link #config()}.
 */
public final class TestRedis {

    /** The masters of the tests' Redis Cluster, or empty when the tests use a database of the local server. */
    public static final List<String> CLUSTER = clusterNodes();

    /**
     * Databases 5–15, one per checkout (by its path), so test runs of two worktrees on one machine do not
     * empty each other's Redis (db 3 is the benchmarks', db 4 the browser journeys');
     * {@code ZHIJIA_TEST_REDIS_DB} picks one explicitly (worktrees whose paths would share a database).
     * Unused in cluster mode.
     */
    public static final int DATABASE = chooseDatabase();

    private static boolean flushed;

    private TestRedis() {}

    private static List<String> clusterNodes() {
        String nodes = System.getenv("ZHIJIA_TEST_REDIS_CLUSTER");
        return nodes == null
                ? List.of()
                : Arrays.stream(nodes.split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList();
    }

    private static int chooseDatabase() {
        String chosen = System.getenv("ZHIJIA_TEST_REDIS_DB");
        if (chosen != null && !chosen.isBlank()) {
            return Integer.parseInt(chosen.trim());
        }
        return 5 + Math.floorMod(System.getProperty("user.dir").hashCode(), 11);
    }

    public static boolean cluster() {
        return !CLUSTER.isEmpty();
    }

    /** The service's Redis settings for this mode. */
    public static Map<String, String> config() {
        if (cluster()) {
            return Map.of(
                    "quarkus.redis.client-type",
                    "cluster",
                    "quarkus.redis.hosts",
                    CLUSTER.stream().map(n -> "redis://" + n).collect(Collectors.joining(",")));
        }
        return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:6379/" + DATABASE);
    }

    public static synchronized void flushOncePerJvm() {
        if (!flushed) {
            flush();
            flushed = true;
        }
    }

    /** Empties the tests' Redis: FLUSHALL on every master of the cluster, or SELECT + FLUSHDB on one connection. */
    public static void flush() {
        if (cluster()) {
            for (String node : CLUSTER) {
                int colon = node.lastIndexOf(':');
                send(node.substring(0, colon), Integer.parseInt(node.substring(colon + 1)), List.of("FLUSHALL"));
            }
        } else {
            send("127.0.0.1", 6379, List.of("SELECT " + DATABASE, "FLUSHDB"));
        }
    }

    /** Sends the commands (words separated by spaces) on one connection; each must answer +OK. */
    private static void send(String host, int port, List<String> commands) {
        StringBuilder out = new StringBuilder();
        for (String command : commands) {
            String[] words = command.split(" ");
            out.append('*').append(words.length).append("\r\n");
            for (String w : words) {
                out.append('$').append(w.length()).append("\r\n").append(w).append("\r\n");
            }
        }
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(out.toString().getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            StringBuilder replies = new StringBuilder();
            for (int lines = 0, c; lines < commands.size() && (c = in.read()) != -1; ) {
                replies.append((char) c);
                lines += c == '\n' ? 1 : 0;
            }
            if (!replies.toString().equals("+OK\r\n".repeat(commands.size()))) {
                throw new IllegalStateException(
                        "Redis at " + host + ":" + port + " refused " + commands + ": " + replies);
            }
        } catch (IOException e) {
            throw new IllegalStateException(
                    "Redis at " + host + ":" + port + " is not answering ("
                            + (cluster() ? "scripts/redis-cluster.sh start" : "scripts/ensure-services.sh")
                            + " starts it)",
                    e);
        }
    }
}
