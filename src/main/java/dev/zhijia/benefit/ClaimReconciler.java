package dev.zhijia.benefit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.zhijia.common.ShiftableClock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import org.jboss.logging.Logger;

/**
 * Keeps the Redis gate of every active flash benefit in step with MySQL, on every replica (each
 * benefit under its own lock): restores keys Redis lost, settles reservations whose request died
 * between Redis and MySQL, and re-derives stock = total − live claims when nothing is in flight.
 */
@ApplicationScoped
public class ClaimReconciler {

    private static final Logger LOG = Logger.getLogger(ClaimReconciler.class);
    /** A reservation older than this has no request behind it any more (commits take milliseconds). */
    static final Duration STALE = Duration.ofSeconds(30);

    private static final Duration LOCK = Duration.ofSeconds(20);

    private final ClaimGate gate;
    private final ClaimStore store;
    private final BenefitLoader loader;
    private final ShiftableClock clock;

    ClaimReconciler(ClaimGate gate, ClaimStore store, BenefitLoader loader, ShiftableClock clock) {
        this.gate = gate;
        this.store = store;
        this.loader = loader;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        reconcileAll();
    }

    @Scheduled(
            every = "${zhijia.benefits.reconcile-every:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reconcileAll() {
        Instant now = clock.instant();
        List<Long> active = QuarkusTransaction.requiringNew()
                .call(() -> Benefit.getEntityManager()
                        .createQuery(
                                "select b.id from Benefit b where b.allocation = ?1 and b.opensAt <= ?2 and b.closesAt > ?3",
                                Long.class)
                        .setParameter(1, Benefit.Allocation.FIRST_COME)
                        .setParameter(2, now.plus(Duration.ofHours(1)))
                        .setParameter(3, now.minus(Duration.ofDays(1)))
                        .getResultList());
        for (Long id : active) {
            try {
                reconcile(id);
            } catch (RuntimeException e) {
                LOG.warnf("reconciling benefit %d failed: %s", id, e.getMessage());
            }
        }
    }

    public void reconcile(long benefitId) {
        String token = gate.lock(benefitId, LOCK);
        if (token == null) {
            return; // another replica is on it
        }
        try {
            if (!gate.loaded(benefitId)) {
                LOG.infof("benefit %d missing from Redis: restoring from MySQL", benefitId);
                loader.reload(benefitId);
                return;
            }
            for (String[] stale :
                    gate.staleReservations(benefitId, clock.instant().toEpochMilli(), STALE)) {
                settle(benefitId, Long.parseLong(stale[0]), stale[1]);
            }
            heal(benefitId);
        } finally {
            gate.unlock(benefitId, token);
        }
    }

    private void settle(long benefitId, long memberId, String seen) {
        if (!seen.startsWith("R:")) {
            return;
        }
        Optional<Claim> live = QuarkusTransaction.requiringNew().call(() -> store.live(benefitId, memberId));
        if (live.isPresent()) {
            gate.confirm(benefitId, memberId, seen, live.get().id);
        } else if (gate.release(benefitId, memberId, seen)) {
            LOG.infof("released a stale reservation of benefit %d by member %d", benefitId, memberId);
        }
    }

    private void heal(long benefitId) {
        String seen = gate.settledStock(benefitId);
        if (seen == null) {
            return; // a claim is in flight: its reservation is not in MySQL yet
        }
        int left = QuarkusTransaction.requiringNew().call(() -> {
            Benefit b = Benefit.findById(benefitId);
            return b.totalStock - b.claimedCount;
        });
        if (gate.healStock(benefitId, seen, left)) {
            LOG.infof("benefit %d stock re-derived from MySQL: %d left", benefitId, left);
        }
    }
}
