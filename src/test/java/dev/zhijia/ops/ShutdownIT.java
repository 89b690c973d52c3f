package dev.zhijia.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.zhijia.testsupport.TestRedis;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged jar (target/quarkus-app, prod profile, real MySQL-protocol database and Redis) stopped with SIGTERM,
 * as Kubernetes stops a pod. Idle, it is gone in under 2 s — not after {@code quarkus.shutdown.timeout}
 * (quarkusio/quarkus#51915, {@code common/ShutdownListenersFix}). Busy, it first answers the request in flight
 * (here one whose body is still arriving when the signal comes), then exits without waiting out the timeout.
 * Runs in {@code mvn verify} (failsafe) after the jar is packaged.
 */
class ShutdownIT {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    @Test
    void idleReplicaStopsInUnderTwoSeconds() throws Exception {
        try (Replica replica = Replica.start()) {
            long stopped = replica.stop();
            assertTrue(stopped < 2_000, "idle stop took " + stopped + " ms:\n" + replica.log());
            assertFalse(replica.log().contains("Timed out waiting for graceful shutdown"), replica.log());
        }
    }

    @Test
    void busyReplicaAnswersTheRequestInFlightThenStops() throws Exception {
        try (Replica replica = Replica.start();
                Socket socket = new Socket("127.0.0.1", replica.port)) {
            socket.setSoTimeout(15_000);
            String body = "{\"username\":\"nobody-here\",\"password\":\"not-the-password\"}";
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + body.length() + "\r\n\r\n" + body.substring(0, 10))
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            Thread.sleep(500); // the request is in flight: headers read, body incomplete

            long signalled = System.nanoTime();
            replica.process.destroy(); // SIGTERM
            Thread.sleep(1_000);
            assertTrue(replica.process.isAlive(), "the replica quit with a request in flight:\n" + replica.log());

            out.write(body.substring(10).getBytes(StandardCharsets.UTF_8));
            out.flush();
            String status = statusLine(socket.getInputStream());
            assertEquals("HTTP/1.1 401 Unauthorized", status, replica.log());

            assertTrue(
                    replica.process.waitFor(5, TimeUnit.SECONDS), "still running after the drain:\n" + replica.log());
            long stopped = (System.nanoTime() - signalled) / 1_000_000;
            assertTrue(stopped < 5_000, "busy stop took " + stopped + " ms:\n" + replica.log());
            assertFalse(replica.log().contains("Timed out waiting for graceful shutdown"), replica.log());
        }
    }

    private static String statusLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) {
            line.append((char) c);
        }
        return line.toString();
    }

    /** The packaged application in its own JVM, configured as a production pod would be. */
    private static final class Replica implements AutoCloseable {
        final Process process;
        final int port;
        final Path log;

        private Replica(Process process, int port, Path log) {
            this.process = process;
            this.port = port;
            this.log = log;
        }

        static Replica start() throws Exception {
            assertTrue(Files.isRegularFile(JAR), "package the application first (mvn verify packages it)");
            int port = freePort();
            int management = freePort();
            Path dir = Files.createTempDirectory("zhijia-shutdown");
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(2048);
            KeyPair keys = rsa.generateKeyPair();
            Path privateKey = pem(
                    dir.resolve("private.pem"), "PRIVATE KEY", keys.getPrivate().getEncoded());
            Path publicKey = pem(
                    dir.resolve("public.pem"), "PUBLIC KEY", keys.getPublic().getEncoded());
            String db = System.getenv().getOrDefault("ZHIJIA_TEST_MARIADB_DB", "zhijia_test") + "_shutdown";

            List<String> cmd = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m"));
            Map<String, String> config = new LinkedHashMap<>(Map.of(
                    "quarkus.http.port",
                    Integer.toString(port),
                    "quarkus.management.port",
                    Integer.toString(management),
                    "quarkus.datasource.jdbc.url",
                    "jdbc:mysql://127.0.0.1:3306/" + db + "?createDatabaseIfNotExist=true",
                    "smallrye.jwt.sign.key.location",
                    privateKey.toString(),
                    "mp.jwt.verify.publickey.location",
                    publicKey.toString(),
                    "zhijia.bootstrap.admin.password",
                    "shutdown-test-admin-password",
                    "zhijia.checkin.secret",
                    "shutdown-test-checkin-secret-0123456789",
                    "zhijia.doors.secret-key",
                    "ZGV2LW9ubHktZG9vci1rZXktMDEyMzQ1Njc4OWFiY2Q=",
                    "zhijia.wechat.appid",
                    "wx-shutdown-test",
                    "zhijia.wechat.secret",
                    "shutdown-test"));
            config.putAll(TestRedis.config());
            config.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
            cmd.addAll(List.of("-jar", JAR.toString()));
            Path log = dir.resolve("replica.log");
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Replica replica = new Replica(p, port, log);
            replica.awaitReady(management);
            return replica;
        }

        /** SIGTERM, then the milliseconds until the JVM has exited. */
        long stop() throws InterruptedException {
            long start = System.nanoTime();
            process.destroy();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "no exit 30 s after SIGTERM");
            return (System.nanoTime() - start) / 1_000_000;
        }

        String log() {
            try {
                return Files.readString(log);
            } catch (IOException e) {
                return e.toString();
            }
        }

        private void awaitReady(int management) throws Exception {
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + Duration.ofSeconds(360).toNanos();
            while (System.nanoTime() < deadline) {
                assertTrue(process.isAlive(), "the jar exited:\n" + log());
                try {
                    HttpResponse<String> r = http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management + "/q/health/ready"))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(200);
            }
            throw new AssertionError("not ready in 360 s:\n" + log());
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }

        private static Path pem(Path file, String type, byte[] der) throws IOException {
            String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(der);
            return Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
        }

        private static int freePort() throws IOException {
            try (ServerSocket s = new ServerSocket(0)) {
                return s.getLocalPort();
            }
        }
    }
}
