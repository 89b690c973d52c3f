package dev.zhijia.notify;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.zhijia.testsupport.TestRedis;
import io.quarkus.bootstrap.BootstrapAppModelFactory;
import io.quarkus.bootstrap.app.AugmentAction;
import io.quarkus.bootstrap.app.CuratedApplication;
import io.quarkus.bootstrap.app.QuarkusBootstrap;
import io.quarkus.bootstrap.app.RunningQuarkusApplication;
import io.quarkus.bootstrap.app.StartupAction;
import io.quarkus.bootstrap.model.ApplicationModel;
import io.quarkus.paths.PathList;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A second replica of the service in its own JVM, sharing the test's MySQL and Redis. During
 * {@code mvn test} there is no packaged jar yet, so the child JVM (same classpath as the tests) builds
 * the application from target/classes with Quarkus's bootstrap API — the way the test framework builds
 * the first instance — and runs it on its own port until it is killed.
 */
public final class SecondReplica implements AutoCloseable {

    private final Process process;
    private final Path log;
    public final int port;
    /** Health and metrics (quarkus.management.*). */
    final int managementPort;

    private SecondReplica(Process process, Path log, int port, int managementPort) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.managementPort = managementPort;
    }

    public static SecondReplica start(Map<String, String> config) throws IOException, InterruptedException {
        return start(config, Duration.ofSeconds(180));
    }

    /** The same with a longer wait for readiness (a machine shared by many builds augments slowly). */
    public static SecondReplica start(Map<String, String> config, Duration ready)
            throws IOException, InterruptedException {
        int port = freePort();
        int managementPort = freePort();
        Path log = Path.of("target", "second-replica-" + port + ".log").toAbsolutePath();
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-XX:TieredStopAtLevel=1",
                "-Dfile.encoding=UTF-8",
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-Dquarkus.http.test-port=" + port,
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.test-port=" + managementPort,
                "-Dquarkus.management.port=" + managementPort));
        config.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        Process p = new ProcessBuilder(cmd)
                .directory(Path.of("").toAbsolutePath().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        SecondReplica replica = new SecondReplica(p, log, port, managementPort);
        replica.awaitReady(ready);
        return replica;
    }

    /** The first replica's MySQL and Redis (a cluster too), for a replica of the same deployment. */
    public static Map<String, String> sharedStores() {
        Config config = ConfigProvider.getConfig();
        Map<String, String> shared = new HashMap<>(TestRedis.config());
        shared.put("quarkus.datasource.jdbc.url", config.getValue("quarkus.datasource.jdbc.url", String.class));
        shared.put("quarkus.datasource.username", config.getValue("quarkus.datasource.username", String.class));
        shared.put(
                "quarkus.datasource.password",
                config.getOptionalValue("quarkus.datasource.password", String.class)
                        .orElse(""));
        shared.put("quarkus.redis.hosts", config.getValue("quarkus.redis.hosts", String.class));
        return shared;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    private void awaitReady(Duration timeout) throws InterruptedException, IOException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "the second replica exited with " + process.exitValue() + ":\n" + tail());
            }
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/q/health/ready"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        close();
        throw new IllegalStateException("the second replica was not ready within " + timeout + ":\n" + tail());
    }

    String tail() throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The child JVM: augment target/classes in test mode (the %test profile) and run until killed. */
    public static final class Main {

        public static void main(String[] args) throws Exception {
            Path project = Path.of("").toAbsolutePath();
            // as the test framework does it: the test-mode application model of this Maven project
            ApplicationModel model = BootstrapAppModelFactory.newInstance()
                    .setTest(true)
                    .setProjectRoot(project)
                    .resolveAppModel()
                    .getApplicationModel();
            QuarkusBootstrap bootstrap = QuarkusBootstrap.builder()
                    .setExistingModel(model)
                    .setApplicationRoot(
                            PathList.of(project.resolve("target/test-classes"), project.resolve("target/classes")))
                    .setProjectRoot(project)
                    .setTargetDirectory(project.resolve("target"))
                    .setMode(QuarkusBootstrap.Mode.TEST)
                    .setTest(true)
                    .setIsolateDeployment(true)
                    .setBaseName("second-replica")
                    // one class loader for everything on the (test) classpath: with the isolated loaders, generated
                    // REST invokers could not see the resource classes in this hand-built launch
                    .setFlatClassPath(true)
                    .build();
            CuratedApplication app = bootstrap.bootstrap();
            AugmentAction augment = app.createAugmentor();
            StartupAction startup = augment.createInitialRuntimeApplication();
            Thread.currentThread().setContextClassLoader(startup.getClassLoader());
            RunningQuarkusApplication running = startup.run(args);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    running.close();
                } catch (Exception e) {
                    // exiting anyway
                }
            }));
            Thread.currentThread().join();
        }
    }
}
