package dev.zhijia.booking;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.zhijia.common.RedisLock;
import dev.zhijia.common.ShiftableClock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import org.jboss.logging.Logger;

/**
 * Keeps the Redis gate of every service with bookable slots in step with MySQL, on every replica (each
 * service under its own lock): restores keys Redis lost, settles reservations whose request died
 * between Redis and MySQL, re-derives seats = capacity − booked when nothing is in flight, and copies
 * the running suspensions.
 */
@ApplicationScoped
public class BookingReconciler {

    private static final Logger LOG = Logger.getLogger(BookingReconciler.class);
    /** A reservation older than this has no request behind it any more (commits take milliseconds). */
    static final Duration STALE = Duration.ofSeconds(30);

    private static final Duration LOCK = Duration.ofSeconds(20);
    private static final String SUSPENSIONS_LOCK = "booking:suspended:lock";

    private final BookingGate gate;
    private final BookingStore store;
    private final BookingLoader loader;
    private final RedisLock locks;
    private final ShiftableClock clock;

    BookingReconciler(
            BookingGate gate, BookingStore store, BookingLoader loader, RedisLock locks, ShiftableClock clock) {
        this.gate = gate;
        this.store = store;
        this.loader = loader;
        this.locks = locks;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        reconcileAll();
    }

    @Scheduled(
            every = "${zhijia.bookings.reconcile-every:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reconcileAll() {
        Instant now = clock.instant();
        List<Long> active = QuarkusTransaction.requiringNew()
                .call(() -> BookableService.getEntityManager()
                        .createQuery(
                                "select distinct s.serviceId from Slot s, BookableService v where v.id = s.serviceId and v.releaseAt <= ?1 and s.endsAt > ?2",
                                Long.class)
                        .setParameter(1, now.plus(Duration.ofHours(1)))
                        .setParameter(2, now.minus(Duration.ofDays(1)))
                        .getResultList());
        for (Long id : active) {
            try {
                reconcile(id);
            } catch (RuntimeException e) {
                LOG.warnf("reconciling service %d failed: %s", id, e.getMessage());
            }
        }
        try {
            copySuspensions();
        } catch (RuntimeException e) {
            LOG.warnf("copying booking suspensions to Redis failed: %s", e.getMessage());
        }
    }

    public void reconcile(long serviceId) {
        String token = gate.lock(serviceId, LOCK);
        if (token == null) {
            return; // another replica is on it
        }
        try {
            if (!gate.loaded(serviceId)) {
                LOG.infof("service %d missing from Redis: restoring from MySQL", serviceId);
                loader.reload(serviceId);
                return;
            }
            for (String[] stale :
                    gate.staleReservations(serviceId, clock.instant().toEpochMilli(), STALE)) {
                settle(serviceId, Long.parseLong(stale[0]), stale[1]);
            }
            Map<Long, Integer> left = new LinkedHashMap<>();
            QuarkusTransaction.requiringNew()
                    .call(() -> store.seats(serviceId))
                    .forEach((slot, v) -> left.put(slot, (int) v[0]));
            long healed = gate.healSeats(serviceId, left);
            if (healed > 0) {
                LOG.infof("service %d: seats of %d slots re-derived from MySQL", serviceId, healed);
            }
        } finally {
            gate.unlock(serviceId, token);
        }
    }

    private void settle(long serviceId, long memberId, String seen) {
        if (!seen.startsWith("R:")) {
            gate.settled(serviceId, memberId); // a move or cancellation whose request died: MySQL has whatever it did
            return;
        }
        Optional<Booking> live = QuarkusTransaction.requiringNew().call(() -> store.live(serviceId, memberId));
        if (live.isPresent()) {
            gate.confirm(serviceId, memberId, seen, live.get().id, live.get().slotId);
        } else if (gate.release(serviceId, memberId, seen, BookingGate.slotOf(seen))) {
            LOG.infof("released a stale reservation of service %d by member %d", serviceId, memberId);
        }
    }

    /** Redis's copy of the suspensions, from MySQL (one replica at a time). */
    void copySuspensions() {
        String token = locks.tryAcquire(SUSPENSIONS_LOCK, LOCK);
        if (token == null) {
            return;
        }
        try {
            gate.loadSuspensions(QuarkusTransaction.requiringNew().call(() -> store.suspensions(clock.instant())));
        } finally {
            locks.release(SUSPENSIONS_LOCK, token);
        }
    }
}
