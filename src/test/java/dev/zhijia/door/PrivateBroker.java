package dev.zhijia.door;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A Mosquitto of the test's own on a free loopback port ({@code mosquitto -p PORT}), so a test may stop and
 * restart a broker without disturbing anyone else using the shared one at 1883.
 */
public class PrivateBroker implements QuarkusTestResourceLifecycleManager {

    private static int port;
    private static Process process;

    @Override
    public Map<String, String> start() {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        up();
        return Map.of("zhijia.doors.broker-url", url());
    }

    @Override
    public void stop() {
        down();
    }

    static String url() {
        return "mqtt://127.0.0.1:" + port;
    }

    /** Starts the broker (again) on its port and waits until it accepts connections. */
    static synchronized void up() {
        if (process != null && process.isAlive()) {
            return;
        }
        String exe = new File("/usr/sbin/mosquitto").canExecute() ? "/usr/sbin/mosquitto" : "mosquitto";
        try {
            process = new ProcessBuilder(exe, "-p", Integer.toString(port))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("mosquitto is not installed (scripts/ensure-services.sh installs it)", e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new IllegalStateException("mosquitto did not listen on " + port + " within 10 s");
    }

    /** Stops the broker (its clients see the connection drop). */
    static synchronized void down() {
        if (process != null) {
            process.destroy();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process.destroyForcibly();
            process = null;
        }
    }
}
