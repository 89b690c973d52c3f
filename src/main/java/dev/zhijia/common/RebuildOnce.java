package dev.zhijia.common;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Puts a Redis copy (a benefit's or a service's gate keys) back from MySQL when it is missing: one replica rebuilds
 * under the object's lock (held up to 30 s); the others wait up to 3 s for it, then answer {@code busy} (503).
 */
public final class RebuildOnce {

    private static final Duration LOCK = Duration.ofSeconds(30);
    private static final Duration WAIT = Duration.ofSeconds(3);

    private RebuildOnce() {}

    /**
     * Returns once {@code loaded} holds. {@code lock} gives the holder's token or null, {@code unlock} frees it;
     * {@code rebuild} runs under the lock (and may throw, e.g. 404 for an object MySQL does not have).
     */
    public static void ensure(
            BooleanSupplier loaded,
            Function<Duration, String> lock,
            Consumer<String> unlock,
            Runnable rebuild,
            Supplier<ProblemException> busy) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!loaded.getAsBoolean()) {
            String token = lock.apply(LOCK);
            if (token != null) {
                try {
                    if (!loaded.getAsBoolean()) {
                        rebuild.run();
                    }
                } finally {
                    unlock.accept(token);
                }
                return;
            }
            if (System.nanoTime() > deadline) {
                throw busy.get();
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw busy.get();
            }
        }
    }
}
