package dev.zhijia.contest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import dev.zhijia.common.LuaScript;
import dev.zhijia.common.Masking;
import dev.zhijia.common.RedisLock;
import dev.zhijia.common.ShiftableClock;
import dev.zhijia.common.SqlTimes;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.scheduler.Scheduled;
import io.vertx.mutiny.redis.client.Response;
import org.jboss.logging.Logger;

/**
 * The live leaderboard: each member's best attempt ({@code contest_best}, the truth in MySQL) copied into a Redis
 * sorted set, so the top and a member's own rank cost O(log n) while answers pour in. Keys of contest 7, one hash
 * tag so every script runs unchanged on Redis Cluster:
 * <ul>
 * <li>{@code {contest:7}:board} zset — entry {@code <finish>|<memberId>|<masked name>}, score
 * {@code points × 2^22 + (2^22 − 1 − millis)}: higher points first, then less time. Equal scores fall back to the
 * entry's bytes, highest first, and {@code <finish>} is {@code (9999999999999 − answeredAt epoch ms)} and
 * {@code (999999999999 − attemptId)} zero-padded — so the earlier finish ranks first, exactly the MySQL order
 * {@code score DESC, millis, answered_at, attempt_id}.</li>
 * <li>{@code {contest:7}:entry} hash — member id → their entry (a member's rank is HGET + ZREVRANK).</li>
 * <li>{@code {contest:7}:built} string — set once a rebuild from MySQL finished: without it the board may be
 * partial (Redis lost), so reads answer from MySQL and one replica (lock {@code {contest:7}:rebuild}) rebuilds.</li>
 * </ul>
 * Answers put their best after the commit ({@code redis/contest-board-put.lua}, which keeps the better of two
 * entries, so answers and a rebuild interleave safely); a put that failed is caught by {@link #reconcile}.
 */
@ApplicationScoped
public class Leaderboard {

    private static final Logger LOG = Logger.getLogger(Leaderboard.class);
    private static final LuaScript PUT = LuaScript.load("contest-board-put");
    private static final LuaScript READ = LuaScript.load("contest-board-read");
    static final long MILLIS_SPAN = 1L << 22;
    private static final int REBUILD_BATCH = 2000;
    private static final Duration REBUILD_LOCK = Duration.ofMinutes(2);

    @RegisterForReflection
    public record Row(long rank, String name, int score, int millis) {}

    @RegisterForReflection
    public record Mine(long rank, int score, int millis) {}

    @RegisterForReflection
    public record Board(List<Row> items, Mine mine, long ranked) {}

    /** A member's best attempt as the ranking orders it. */
    record Best(long memberId, long attemptId, int score, int millis, Instant answeredAt, String name) {

        String entry() {
            return String.format(
                    "%013d%012d|%d|%s",
                    9_999_999_999_999L - answeredAt.toEpochMilli(),
                    999_999_999_999L - attemptId,
                    memberId,
                    Masking.name(name == null ? "会员" : name));
        }

        long boardScore() {
            return score * MILLIS_SPAN + (MILLIS_SPAN - 1 - millis);
        }
    }

    private final RedisDataSource redis;
    private final RedisLock lock;
    private final EntityManager em;
    private final ShiftableClock clock;

    Leaderboard(RedisDataSource redis, RedisLock lock, EntityManager em, ShiftableClock clock) {
        this.redis = redis;
        this.lock = lock;
        this.em = em;
        this.clock = clock;
    }

    static String board(long contestId) {
        return "{contest:" + contestId + "}:board";
    }

    static String entries(long contestId) {
        return "{contest:" + contestId + "}:entry";
    }

    static String built(long contestId) {
        return "{contest:" + contestId + "}:built";
    }

    /** After a best attempt committed; a failure is logged, not thrown: the reconciler puts it later. */
    void put(long contestId, Best best) {
        try {
            PUT.run(
                    redis,
                    List.of(board(contestId), entries(contestId)),
                    Long.toString(best.memberId()),
                    best.entry(),
                    Long.toString(best.boardScore()));
        } catch (RuntimeException e) {
            LOG.warnf("leaderboard of contest %d missed member %d: %s", contestId, best.memberId(), e.toString());
        }
    }

    /** The top {@code limit} and the member's own place; from MySQL while the Redis board is not complete. */
    public Board read(long contestId, long memberId, int limit) {
        Response r = READ.run(
                redis,
                List.of(board(contestId), entries(contestId), built(contestId)),
                Integer.toString(limit),
                Long.toString(memberId));
        if (r.get(0).toInteger() == 0) {
            rebuild(contestId);
            return QuarkusTransaction.requiringNew().call(() -> fromMySql(contestId, memberId, limit));
        }
        Response top = r.get(2);
        List<Row> items = new ArrayList<>(top.size() / 2);
        for (int i = 0; i + 1 < top.size(); i += 2) {
            items.add(row(i / 2 + 1, top.get(i).toString(), top.get(i + 1).toString()));
        }
        Mine mine = null;
        if (r.size() >= 6) {
            Row m = row(r.get(4).toLong() + 1, r.get(3).toString(), r.get(5).toString());
            mine = new Mine(m.rank(), m.score(), m.millis());
        }
        return new Board(items, mine, r.get(1).toLong());
    }

    private static Row row(long rank, String entry, String score) {
        long s = (long) Double.parseDouble(score);
        String[] parts = entry.split("\\|", 3);
        return new Row(rank, parts[2], (int) (s / MILLIS_SPAN), (int) (MILLIS_SPAN - 1 - s % MILLIS_SPAN));
    }

    private static final String RANKED = "SELECT b.member_id, b.attempt_id, b.score, b.millis, b.answered_at, r.name"
            + " FROM contest_best b JOIN member m ON m.id = b.member_id LEFT JOIN roster_entry r ON r.id = m.roster_id"
            + " WHERE b.contest_id = ?1";

    /** The same answer from MySQL alone: the ranking order of the index, and the member's rank by counting. */
    @SuppressWarnings("unchecked")
    Board fromMySql(long contestId, long memberId, int limit) {
        List<Object[]> rows = em.createNativeQuery(
                        RANKED + " ORDER BY b.score DESC, b.millis, b.answered_at, b.attempt_id LIMIT " + limit)
                .setParameter(1, contestId)
                .getResultList();
        List<Row> items = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            Best b = best(row);
            items.add(
                    new Row(items.size() + 1, Masking.name(b.name() == null ? "会员" : b.name()), b.score(), b.millis()));
        }
        List<Object[]> own = em.createNativeQuery(RANKED + " AND b.member_id = ?2")
                .setParameter(1, contestId)
                .setParameter(2, memberId)
                .getResultList();
        Mine mine = null;
        if (!own.isEmpty()) {
            Best b = best(own.get(0));
            long ahead = ((Number) em.createNativeQuery("SELECT COUNT(*) FROM contest_best WHERE contest_id = ?1 AND"
                                    + " (score > ?2 OR (score = ?2 AND (millis < ?3 OR (millis = ?3 AND"
                                    + " (answered_at < ?4 OR (answered_at = ?4 AND attempt_id < ?5))))))")
                            .setParameter(1, contestId)
                            .setParameter(2, b.score())
                            .setParameter(3, b.millis())
                            .setParameter(4, b.answeredAt())
                            .setParameter(5, b.attemptId())
                            .getSingleResult())
                    .longValue();
            mine = new Mine(ahead + 1, b.score(), b.millis());
        }
        long ranked = ((Number) em.createNativeQuery("SELECT COUNT(*) FROM contest_best WHERE contest_id = ?1")
                        .setParameter(1, contestId)
                        .getSingleResult())
                .longValue();
        return new Board(items, mine, ranked);
    }

    private static Best best(Object[] row) {
        return new Best(
                ((Number) row[0]).longValue(),
                ((Number) row[1]).longValue(),
                ((Number) row[2]).intValue(),
                ((Number) row[3]).intValue(),
                SqlTimes.instant(row[4]),
                (String) row[5]);
    }

    /**
     * Copies every best attempt of the contest from MySQL into the board (merging with what answers put meanwhile)
     * and then marks it built. One replica at a time; the others read MySQL until it is done. True if this call
     * rebuilt it.
     */
    public boolean rebuild(long contestId) {
        String key = "{contest:" + contestId + "}:rebuild";
        String token = lock.tryAcquire(key, REBUILD_LOCK);
        if (token == null) {
            return false;
        }
        try {
            long after = 0;
            int n = 0;
            while (true) {
                long from = after;
                List<Best> page = QuarkusTransaction.requiringNew().call(() -> page(contestId, from));
                if (page.isEmpty()) {
                    break;
                }
                List<String> args = new ArrayList<>(page.size() * 3);
                for (Best b : page) {
                    args.add(Long.toString(b.memberId()));
                    args.add(b.entry());
                    args.add(Long.toString(b.boardScore()));
                }
                PUT.run(redis, List.of(board(contestId), entries(contestId)), args.toArray(String[]::new));
                n += page.size();
                after = page.get(page.size() - 1).memberId();
            }
            redis.value(String.class).set(built(contestId), clock.instant().toString());
            LOG.infof("leaderboard of contest %d rebuilt from MySQL: %d members", contestId, n);
            return true;
        } finally {
            lock.release(key, token);
        }
    }

    @SuppressWarnings("unchecked")
    private List<Best> page(long contestId, long afterMember) {
        List<Object[]> rows = em.createNativeQuery(
                        RANKED + " AND b.member_id > ?2 ORDER BY b.member_id LIMIT " + REBUILD_BATCH)
                .setParameter(1, contestId)
                .setParameter(2, afterMember)
                .getResultList();
        return rows.stream().map(Leaderboard::best).toList();
    }

    /**
     * Every replica: boards of contests running (or closed within a day) that hold fewer members than MySQL
     * (a put lost to a Redis hiccup, or Redis itself lost) are rebuilt.
     */
    @Scheduled(
            every = "${zhijia.contests.reconcile-every:60s}",
            delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reconcile() {
        Instant now = clock.instant();
        @SuppressWarnings("unchecked")
        List<Object[]> running = QuarkusTransaction.requiringNew()
                .call(() -> em.createNativeQuery(
                                "SELECT c.id, (SELECT COUNT(*) FROM contest_best b WHERE b.contest_id = c.id)"
                                        + " FROM contest c WHERE c.opens_at <= ?1 AND c.closes_at > ?2")
                        .setParameter(1, now)
                        .setParameter(2, now.minus(Duration.ofDays(1)))
                        .getResultList());
        for (Object[] row : running) {
            long id = ((Number) row[0]).longValue();
            long inMySql = ((Number) row[1]).longValue();
            try {
                if (redis.sortedSet(String.class).zcard(board(id)) < inMySql) {
                    rebuild(id);
                }
            } catch (RuntimeException e) {
                LOG.warnf("leaderboard of contest %d not reconciled: %s", id, e.toString());
            }
        }
    }
}
