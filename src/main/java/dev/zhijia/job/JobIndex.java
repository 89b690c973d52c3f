package dev.zhijia.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import dev.zhijia.common.GeoGrid;
import dev.zhijia.common.ShiftableClock;
import dev.zhijia.common.SqlTimes;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.ValueCommands;
import io.quarkus.scheduler.Scheduled;
import org.jboss.logging.Logger;

/**
 * The open posts in memory, for search without a database query per request: each one's filter fields and
 * position, newest first and in a {@link GeoGrid}, plus the ids each full-text query matched (asked of MySQL
 * once per snapshot, then answered from memory). Pages are still read from MySQL by id, so what a member sees
 * of a post (counts, labels) is current; the index only decides which posts and in which order.
 * <p>
 * Kept current across replicas by a version in Redis ({@code {jobs}:index:version}): every change of a post
 * that search can see — posted, edited, deleted, filled — increments it once its transaction committed, and a
 * search that finds the version ahead of its snapshot rebuilds it first (one rebuild at a time; the others
 * wait for it), so a post is found on every replica as soon as the admin's call returned. Writes that bypass
 * the service (SQL loads) are picked up by the scheduled rebuild ({@code zhijia.jobs.index-refresh-every});
 * a post passing its {@code closesAt} needs no rebuild (checked per search).
 */
@ApplicationScoped
public class JobIndex {

    private static final Logger LOG = Logger.getLogger(JobIndex.class);
    static final String VERSION_KEY = "{jobs}:index:version";
    /** Grid cells of 0.01° (≈ 1.1 km by 0.95 km here): a 5 km radius visits ≈ 100 cells. */
    private static final double CELL_DEGREES = 0.01;
    /** Distinct word queries remembered per snapshot. */
    private static final int WORD_QUERIES = 512;

    /** What search needs of an open post. */
    record Post(long id, double lat, double lng, String category, String district, int salaryMax, long closesAt) {}

    static final class Snapshot {
        final long version;
        final Instant builtAt;
        /** Ascending ids. */
        final long[] ids;

        final Map<Long, Post> byId;
        final GeoGrid<Post> grid;
        private final Map<String, long[]> words = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
                return size() > WORD_QUERIES;
            }
        };

        Snapshot(long version, Instant builtAt, List<Post> posts) {
            this.version = version;
            this.builtAt = builtAt;
            this.ids = posts.stream().mapToLong(Post::id).sorted().toArray();
            this.byId = new HashMap<>(posts.size() * 2);
            GeoGrid.Builder<Post> grid = GeoGrid.builder(CELL_DEGREES);
            for (Post p : posts) {
                byId.put(p.id(), p);
                grid.add(p.lat(), p.lng(), p);
            }
            this.grid = grid.build();
        }

        /** Ascending ids of the open posts the words match, from MySQL the first time this snapshot is asked. */
        long[] matching(String key, Supplier<long[]> query) {
            synchronized (words) {
                long[] ids = words.get(key);
                if (ids != null) {
                    return ids;
                }
            }
            long[] ids = query.get();
            Arrays.sort(ids);
            synchronized (words) {
                words.put(key, ids);
            }
            return ids;
        }
    }

    private final EntityManager em;
    private final ValueCommands<String, Long> values;
    private final TransactionSynchronizationRegistry transactions;
    private final ShiftableClock clock;
    private final Object rebuilding = new Object();
    private volatile Snapshot current;

    JobIndex(
            EntityManager em,
            RedisDataSource redis,
            TransactionSynchronizationRegistry transactions,
            ShiftableClock clock) {
        this.em = em;
        this.values = redis.value(Long.class);
        this.transactions = transactions;
        this.clock = clock;
    }

    /** The snapshot a search answers from: rebuilt first when some replica changed a post since it was built. */
    Snapshot snapshot() {
        long version = version();
        Snapshot s = current;
        if (s != null && (version < 0 || s.version >= version)) {
            return s;
        }
        synchronized (rebuilding) {
            s = current;
            if (s != null && s.version >= version) {
                return s; // another search rebuilt it meanwhile
            }
            return rebuild(Math.max(version, 0));
        }
    }

    /** Marks the current transaction as changing what search sees: the version moves once it committed. */
    void changed() {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {}

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    bump();
                }
            }
        });
    }

    private void bump() {
        try {
            values.incr(VERSION_KEY);
        } catch (RuntimeException e) {
            // the scheduled rebuild still brings it in; this replica's own snapshot is dropped now
            LOG.warnf("job index version not moved in Redis: %s", e.getMessage());
            current = null;
        }
    }

    /** The version in Redis (0 before any change), or -1 when Redis does not answer (the snapshot then stays). */
    private long version() {
        try {
            Long v = values.get(VERSION_KEY);
            return v == null ? 0 : v;
        } catch (RuntimeException e) {
            LOG.debugf("job index version unknown: %s", e.getMessage());
            return current == null ? 0 : -1;
        }
    }

    @Scheduled(
            every = "${zhijia.jobs.index-refresh-every:60s}",
            delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledRefresh() {
        if (current == null) {
            return; // nobody searched yet: built on first use
        }
        long version = Math.max(version(), current.version);
        synchronized (rebuilding) {
            rebuild(version);
        }
    }

    /** Reads every open post; the version was read before, so every change it counts is in. */
    @SuppressWarnings("unchecked")
    private Snapshot rebuild(long version) {
        long started = System.nanoTime();
        Instant now = clock.instant();
        // Past closesAt too (their status stays OPEN): each search compares with its own now, which can move back.
        List<Object[]> rows = QuarkusTransaction.joiningExisting()
                .call(() -> em.createNativeQuery(
                                "SELECT id, lat, lng, category, district, salary_max, closes_at FROM job_post"
                                        + " WHERE status = 'OPEN'")
                        .getResultList());
        List<Post> posts = rows.stream()
                .map(r -> new Post(
                        ((Number) r[0]).longValue(),
                        ((Number) r[1]).doubleValue(),
                        ((Number) r[2]).doubleValue(),
                        (String) r[3],
                        (String) r[4],
                        ((Number) r[5]).intValue(),
                        SqlTimes.instant(r[6]).toEpochMilli()))
                .toList();
        Snapshot s = new Snapshot(version, now, posts);
        current = s;
        LOG.debugf(
                "job index version %d: %d open posts in %d ms",
                version,
                posts.size(),
                Duration.ofNanos(System.nanoTime() - started).toMillis());
        return s;
    }
}
