package dev.zhijia.stats;

import java.time.Duration;
import java.time.LocalDate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.zhijia.common.RedisLock;
import dev.zhijia.common.ShiftableClock;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import org.jboss.logging.Logger;

/**
 * Derives the rollups from the source rows: once, when a database first meets the rollup tables (rows made
 * before them), and every night for the last two closed days (heals anything a replica of an older version
 * wrote without them during a rolling update). One replica at a time, under a Redis lock.
 */
@ApplicationScoped
public class RollupDerivation {

    private static final Logger LOG = Logger.getLogger(RollupDerivation.class);
    private static final String LOCK = "figures:rollup:lock";
    private static final Duration LOCK_TTL = Duration.ofMinutes(15);

    @io.quarkus.runtime.annotations.RegisterForReflection
    public record Derived(LocalDate from, LocalDate to, int days, long millis) {}

    private final Rollups rollups;
    private final RedisLock locks;
    private final ShiftableClock clock;

    RollupDerivation(Rollups rollups, RedisLock locks, ShiftableClock clock) {
        this.rollups = rollups;
        this.locks = locks;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        // off the start-up thread: a year of history takes seconds, and the service can answer meanwhile
        Infrastructure.getDefaultWorkerPool().execute(this::deriveHistoryOnce);
    }

    void deriveHistoryOnce() {
        try {
            if (rollups.derived()) {
                return;
            }
            String token = locks.tryAcquire(LOCK, LOCK_TTL);
            if (token == null) {
                return; // another replica is at it; the next start checks again
            }
            try {
                if (!rollups.derived()) {
                    LocalDate first = rollups.firstDay();
                    LocalDate today = clock.today();
                    Derived d = first == null ? null : derive(first.isAfter(today) ? today : first, today);
                    rollups.markDerived();
                    LOG.infof("figure rollups derived from the existing rows: %s", d == null ? "nothing to derive" : d);
                }
            } finally {
                locks.release(LOCK, token);
            }
        } catch (RuntimeException e) {
            LOG.warnf("deriving the figure rollups failed (the next start tries again): %s", e.getMessage());
        }
    }

    @Scheduled(
            cron = "${zhijia.figures.rederive-cron:0 17 3 * * ?}",
            timeZone = "${zhijia.zone}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void nightly() {
        String token = locks.tryAcquire(LOCK, LOCK_TTL);
        if (token == null) {
            return;
        }
        try {
            LocalDate yesterday = clock.today().minusDays(1);
            LOG.infof("figure rollups re-derived: %s", derive(yesterday.minusDays(1), yesterday));
        } catch (RuntimeException e) {
            LOG.warnf("re-deriving the figure rollups failed: %s", e.getMessage());
        } finally {
            locks.release(LOCK, token);
        }
    }

    /** Each day of the range in its own short transaction. */
    public Derived derive(LocalDate from, LocalDate to) {
        long t0 = System.nanoTime();
        int days = 0;
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            rollups.rebuild(d);
            days++;
        }
        return new Derived(from, to, days, (System.nanoTime() - t0) / 1_000_000);
    }
}
