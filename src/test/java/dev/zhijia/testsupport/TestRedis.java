package dev.zhijia.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The tests' Redis database (db 1 of the local server). Each test JVM starts it empty so that Redis
 * matches the fresh MySQL schema, as the architecture requires (Redis is rebuilt from MySQL).
 */
public final class TestRedis {

    /**
     * Databases 5–15, one per checkout (by its path), so test runs of two worktrees on one machine do not
     * empty each other's Redis (db 3 is the benchmarks', db 4 the browser journeys');
     * {@code ZHIJIA_TEST_REDIS_DB} picks one explicitly (worktrees whose paths would share a database).
     */
    public static final int DATABASE = chooseDatabase();
    private static boolean flushed;

    private TestRedis() {
    }

    private static int chooseDatabase() {
        String chosen = System.getenv("ZHIJIA_TEST_REDIS_DB");
        if (chosen != null && !chosen.isBlank()) {
            return Integer.parseInt(chosen.trim());
        }
        return 5 + Math.floorMod(System.getProperty("user.dir").hashCode(), 11);
    }

    public static synchronized void flushOncePerJvm() {
        if (!flushed) {
            flush();
            flushed = true;
        }
    }

    /** SELECT the tests' database and FLUSHDB it, on one connection. */
    public static void flush() {
        String db = Integer.toString(DATABASE);
        String commands = "*2\r\n$6\r\nSELECT\r\n$" + db.length() + "\r\n" + db + "\r\n*1\r\n$7\r\nFLUSHDB\r\n";
        try (Socket socket = new Socket("127.0.0.1", 6379)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(commands.getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            StringBuilder replies = new StringBuilder();
            for (int lines = 0, c; lines < 2 && (c = in.read()) != -1;) {
                replies.append((char) c);
                lines += c == '\n' ? 1 : 0;
            }
            if (!replies.toString().equals("+OK\r\n+OK\r\n")) {
                throw new IllegalStateException("Redis refused FLUSHDB: " + replies);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Redis at 127.0.0.1:6379 is not answering (scripts/ensure-services.sh starts it)", e);
        }
    }
}
