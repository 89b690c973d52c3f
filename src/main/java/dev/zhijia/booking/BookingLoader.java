package dev.zhijia.booking;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.zhijia.common.RebuildOnce;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Puts a service's gate keys back in Redis from MySQL when they are missing (never loaded, Redis
 * restarted or was flushed). One replica rebuilds under the service's lock; the others wait briefly.
 */
@ApplicationScoped
public class BookingLoader {

    private final BookingGate gate;
    private final BookingStore store;

    BookingLoader(BookingGate gate, BookingStore store) {
        this.gate = gate;
        this.store = store;
    }

    /** Returns once Redis holds the service; 404 for an unknown service, 503 if another replica takes too long. */
    public void ensureLoaded(long serviceId) {
        RebuildOnce.ensure(
                () -> gate.loaded(serviceId),
                ttl -> gate.lock(serviceId, ttl),
                token -> gate.unlock(serviceId, token),
                () -> reload(serviceId),
                Bookings::busy);
    }

    /** Callers hold the service's lock. */
    void reload(long serviceId) {
        BookingGate.Snapshot snapshot = QuarkusTransaction.requiringNew().call(() -> {
            BookableService s = BookableService.findById(serviceId);
            if (s == null) {
                throw Services.notFound(serviceId);
            }
            Map<Long, Integer> left = new LinkedHashMap<>();
            Map<Long, Long> starts = new LinkedHashMap<>();
            store.seats(serviceId).forEach((slot, v) -> {
                left.put(slot, (int) v[0]);
                starts.put(slot, v[1]);
            });
            return new BookingGate.Snapshot(
                    s.releaseAt.toEpochMilli(), s.audience(), left, starts, store.liveEntries(serviceId));
        });
        gate.load(serviceId, snapshot);
    }
}
