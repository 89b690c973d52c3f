package dev.zhijia.job;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import dev.zhijia.common.LuaScript;
import dev.zhijia.common.ShiftableClock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.hash.HashCommands;
import io.quarkus.scheduler.Scheduled;
import io.vertx.mutiny.redis.client.Response;
import org.jboss.logging.Logger;

/**
 * Post views, counted without a MySQL write per view. Redis keys (all in the {@code {jobs}} hash tag, so the
 * script runs on Redis Cluster):
 * <ul>
 *   <li>{@code {jobs}:views} — hash, post id → views since the last flush (HINCRBY per detail read);</li>
 *   <li>{@code {jobs}:views:batch:<uuid>} — a hash renamed away from the live one, waiting to reach MySQL;</li>
 *   <li>{@code {jobs}:views:pending} — set of the batch ids not yet known to be in MySQL.</li>
 * </ul>
 * Every replica flushes on a schedule: it turns the live hash into a batch and then applies every pending
 * batch, its own and any a crashed replica left behind. A batch is applied in one transaction that also
 * inserts its id into {@code job_view_flush}, so a batch two replicas both apply, or one applied again after
 * a failed delete, counts once. Views are counted in the month of their flush. If Redis loses the counters,
 * at most one interval of views is lost — never a count a member was told about.
 */
@ApplicationScoped
public class JobViews {

    private static final Logger LOG = Logger.getLogger(JobViews.class);
    static final String LIVE = "{jobs}:views";
    static final String PENDING = "{jobs}:views:pending";
    static final String BATCH = "{jobs}:views:batch:";

    // KEYS live hash, the new batch's key, the pending set; ARGV the new batch id. Returns every pending batch id.
    private static final LuaScript SEAL = LuaScript.load("job-views-seal");

    private final RedisDataSource redis;
    private final HashCommands<String, String, Long> hashes;
    private final EntityManager em;
    private final ShiftableClock clock;

    JobViews(RedisDataSource redis, EntityManager em, ShiftableClock clock) {
        this.redis = redis;
        this.hashes = redis.hash(Long.class);
        this.em = em;
        this.clock = clock;
    }

    /** Counts one view; returns the views not yet in MySQL (0 when Redis is away: a page view is not worth an error). */
    public long viewed(long jobId) {
        try {
            return hashes.hincrby(LIVE, Long.toString(jobId), 1);
        } catch (RuntimeException e) {
            LOG.debugf("view of job %d not counted: %s", jobId, e.getMessage());
            return 0;
        }
    }

    @Scheduled(every = "${zhijia.jobs.views-flush-every:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledFlush() {
        flush();
    }

    /** Moves every counted view into MySQL; returns how many views this call applied. */
    public long flush() {
        long applied = 0;
        try {
            String batch = UUID.randomUUID().toString();
            Response pending = SEAL.run(redis, List.of(LIVE, BATCH + batch, PENDING), batch);
            for (Response id : pending) {
                applied += apply(id.toString());
            }
        } catch (RuntimeException e) {
            LOG.warnf("job views not flushed (next run retries): %s", e.getMessage());
        }
        return applied;
    }

    private long apply(String batch) {
        Map<String, Long> counts = hashes.hgetall(BATCH + batch);
        long applied = 0;
        if (!counts.isEmpty()) {
            LocalDate month = clock.dayOf(clock.instant()).withDayOfMonth(1);
            List<Map.Entry<String, Long>> rows = new ArrayList<>(counts.entrySet());
            applied = QuarkusTransaction.requiringNew().call(() -> {
                int first = em.createNativeQuery("INSERT IGNORE INTO job_view_flush (id, flushed_at) VALUES (?1, ?2)")
                        .setParameter(1, batch)
                        .setParameter(2, clock.instant())
                        .executeUpdate();
                if (first == 0) {
                    return 0L; // another replica applied this batch
                }
                long n = 0;
                for (Map.Entry<String, Long> row : rows) {
                    long job = Long.parseLong(row.getKey());
                    em.createNativeQuery("UPDATE job_post SET views = views + ?1 WHERE id = ?2")
                            .setParameter(1, row.getValue())
                            .setParameter(2, job)
                            .executeUpdate();
                    em.createNativeQuery("INSERT INTO job_view_month (job_id, month, views) VALUES (?1, ?2, ?3)"
                                    + " ON DUPLICATE KEY UPDATE views = views + ?3")
                            .setParameter(1, job)
                            .setParameter(2, month)
                            .setParameter(3, row.getValue())
                            .executeUpdate();
                    n += row.getValue();
                }
                return n;
            });
        }
        redis.key().del(BATCH + batch);
        redis.set(String.class).srem(PENDING, batch);
        return applied;
    }
}
