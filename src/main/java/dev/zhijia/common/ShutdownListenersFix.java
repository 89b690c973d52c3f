package dev.zhijia.common;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.runtime.shutdown.ShutdownListener;
import io.quarkus.runtime.shutdown.ShutdownRecorder;
import org.jboss.logging.Logger;

/**
 * Lets the graceful shutdown end as soon as the work is done, not after the whole {@code quarkus.shutdown.timeout}.
 * <p>Quarkus 3.30.5–3.30.6's Jackson extension registers a shutdown listener (clearing Jackson's type cache) whose
 * {@code shutdown} never reports itself done, so every stop waits for the timeout (quarkusio/quarkus#51915, fixed
 * upstream by #51916 in a release that does not resolve here). Before the wait, this wraps that one listener: it runs
 * unchanged and is then counted done unless it said so itself, so the fix stays right after an upgrade. The other
 * listeners — the HTTP one that waits for in-flight requests — are untouched: a busy replica still drains.
 * Remove this class once Quarkus is upgraded past the fix (ShutdownTest proves either way).
 */
@Singleton
@RegisterForReflection(targets = ShutdownRecorder.class, fields = true)
public class ShutdownListenersFix {

    private static final Logger LOG = Logger.getLogger(ShutdownListenersFix.class);
    static final String JACKSON_LISTENER = "io.quarkus.jackson.runtime.JacksonRecorder$";

    /**
     * The listeners are set during runtime init, not always before {@code StartupEvent}; the pre-shutdown phase
     * (which fires {@code ShutdownDelayInitiatedEvent}, {@code quarkus.shutdown.delay-enabled}) comes before the phase
     * that waits, which reads the list afresh. So both: whichever finds the list wraps it, once.
     */
    void atStart(@Observes @Priority(1) StartupEvent event) {
        wrap();
    }

    void beforeTheWait(@Observes @Priority(1) ShutdownDelayInitiatedEvent event) {
        wrap();
    }

    private static synchronized void wrap() {
        try {
            Field field = ShutdownRecorder.class.getDeclaredField("shutdownListeners");
            field.setAccessible(true);
            @SuppressWarnings("unchecked")
            List<ShutdownListener> listeners = (List<ShutdownListener>) field.get(null);
            if (listeners == null) {
                return;
            }
            List<ShutdownListener> fixed = new ArrayList<>(listeners.size());
            for (ShutdownListener l : listeners) {
                boolean forgetsDone = l.getClass().getName().startsWith(JACKSON_LISTENER);
                fixed.add(forgetsDone ? new ReportsDone(l) : l);
            }
            field.set(null, List.copyOf(fixed));
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warnf("shutdown listeners left as they are (%s): stops may wait for quarkus.shutdown.timeout", e);
        }
    }

    /** A synchronous listener that may forget to report done: it is reported for it on return. */
    record ReportsDone(ShutdownListener delegate) implements ShutdownListener {

        @Override
        public void preShutdown(ShutdownNotification notification) {
            once(notification, delegate::preShutdown);
        }

        @Override
        public void shutdown(ShutdownNotification notification) {
            once(notification, delegate::shutdown);
        }

        private static void once(ShutdownNotification notification, Consumer<ShutdownNotification> phase) {
            AtomicBoolean done = new AtomicBoolean();
            ShutdownNotification counted = () -> {
                if (done.compareAndSet(false, true)) {
                    notification.done();
                }
            };
            try {
                phase.accept(counted);
            } finally {
                counted.done();
            }
        }
    }
}
