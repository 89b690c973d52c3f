package dev.zhijia.testsupport;

import java.time.Duration;

/** Retries an assertion until it holds or the time is up (for what the service writes just after it answers). */
public final class Eventually {

    private Eventually() {
    }

    public static void holds(Duration within, Runnable assertion) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
