package dev.zhijia.contest;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import dev.zhijia.common.Masking;
import dev.zhijia.common.NativeCounts;
import dev.zhijia.common.RedisLock;
import dev.zhijia.common.ShiftableClock;
import dev.zhijia.notify.Notices;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.scheduler.Scheduled;
import org.jboss.logging.Logger;

/**
 * Prizes by rank, awarded once when a contest closes. Every replica looks for closed contests; the one holding
 * the lock {@code {contest:7}:award} ({@link RedisLock}) awards, in chunks of {@code zhijia.contests.award-chunk}
 * ranks from MySQL in the documented order (score desc, then less time, then the earlier finish: answered_at, then
 * attempt id — so a tie at a tier boundary goes to whoever finished first, never to chance). Each chunk is one
 * transaction that moves {@code contest.award_progress} from the value it read (a guarded update), writes the
 * chunk's prizes (unique per place and per member) and the winners' inbox entries: a lock that lapsed, a crash or
 * a second replica can resume or race, never award a place twice.
 */
@ApplicationScoped
public class Prizes {

    private static final Logger LOG = Logger.getLogger(Prizes.class);

    @RegisterForReflection
    public record Winner(int rank, String name, int score, int millis) {}

    @RegisterForReflection
    public record TierWinners(String tier, int count, List<Winner> winners) {}

    @RegisterForReflection
    public record MyPrize(String tier, int rank, int score, int millis) {}

    @RegisterForReflection
    public record PrizeList(
            long contestId, String status, OffsetDateTime closesAt, List<TierWinners> tiers, MyPrize mine) {}

    private record Awarded(int place, long memberId, String tier, int score, int millis, String name) {}

    private final EntityManager em;
    private final ShiftableClock clock;
    private final RedisLock lock;
    private final Notices notices;
    private final Contests contests;
    private final ContestConfig config;
    /** Prize lists of awarded contests: they never change again. */
    private final Map<Long, List<Awarded>> awarded = new ConcurrentHashMap<>();

    Prizes(
            EntityManager em,
            ShiftableClock clock,
            RedisLock lock,
            Notices notices,
            Contests contests,
            ContestConfig config) {
        this.em = em;
        this.clock = clock;
        this.lock = lock;
        this.notices = notices;
        this.contests = contests;
        this.config = config;
    }

    @Scheduled(
            every = "${zhijia.contests.award-every:10s}",
            delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void awardDue() {
        Instant cutoff = clock.instant().minus(config.awardAfter());
        List<Long> due = QuarkusTransaction.requiringNew()
                .call(() -> em.createQuery(
                                "select c.id from Contest c where c.awardedAt is null and c.closesAt <= ?1", Long.class)
                        .setParameter(1, cutoff)
                        .getResultList());
        for (Long id : due) {
            try {
                award(id);
            } catch (RuntimeException e) {
                LOG.warnf("award of contest %d failed, will retry: %s", id, e.toString());
            }
        }
    }

    /** True if this call finished the award. */
    public boolean award(long contestId) {
        return award(contestId, Integer.MAX_VALUE);
    }

    /** At most {@code maxChunks} chunks (a test stops there, as a crash would). */
    boolean award(long contestId, int maxChunks) {
        String key = "{contest:" + contestId + "}:award";
        Duration lease = config.awardLease();
        String token = lock.tryAcquire(key, lease);
        if (token == null) {
            return false;
        }
        long started = System.nanoTime();
        try {
            Contest c = QuarkusTransaction.requiringNew().call(() -> em.find(Contest.class, contestId));
            if (c == null || c.awardedAt != null || clock.instant().isBefore(c.closesAt.plus(config.awardAfter()))) {
                return false;
            }
            List<ContestRequest.Tier> tiers = QuarkusTransaction.requiringNew().call(() -> contests.tiers(contestId));
            int total = tiers.stream().mapToInt(ContestRequest.Tier::count).sum();
            for (int chunks = 0; ; chunks++) {
                if (chunks == maxChunks) {
                    return false;
                }
                Step step = QuarkusTransaction.requiringNew().call(() -> chunk(c, tiers, total));
                if (step == Step.LOST) {
                    return false;
                }
                if (step == Step.DONE) {
                    break;
                }
                if (!lock.extend(key, token, lease)) {
                    return false;
                }
            }
            boolean done = QuarkusTransaction.requiringNew()
                    .call(() -> em.createNativeQuery(
                                            "UPDATE contest SET awarded_at = ?1 WHERE id = ?2 AND awarded_at IS NULL")
                                    .setParameter(1, clock.instant())
                                    .setParameter(2, contestId)
                                    .executeUpdate()
                            == 1);
            if (done) {
                LOG.infof(
                        "contest %d awarded: %d places in %d ms",
                        contestId,
                        QuarkusTransaction.requiringNew()
                                .call(() -> NativeCounts.count(
                                        em, "SELECT COUNT(*) FROM contest_prize WHERE contest_id = ?1", contestId)),
                        (System.nanoTime() - started) / 1_000_000);
            }
            return done;
        } finally {
            lock.release(key, token);
        }
    }

    private enum Step {
        MORE,
        DONE,
        LOST
    }

    @SuppressWarnings("unchecked")
    private Step chunk(Contest c, List<ContestRequest.Tier> tiers, int total) {
        int progress = ((Number) em.createNativeQuery("SELECT award_progress FROM contest WHERE id = ?1")
                        .setParameter(1, c.id)
                        .getSingleResult())
                .intValue();
        int want = Math.min(config.awardChunk(), total - progress);
        if (want <= 0) {
            return Step.DONE;
        }
        List<Object[]> rows = em.createNativeQuery("SELECT member_id, score, millis, attempt_id FROM contest_best"
                        + " WHERE contest_id = ?1 ORDER BY score DESC, millis, answered_at, attempt_id LIMIT " + want
                        + " OFFSET " + progress)
                .setParameter(1, c.id)
                .getResultList();
        if (rows.isEmpty()) {
            return Step.DONE; // fewer ranked members than prizes
        }
        int moved = em.createNativeQuery(
                        "UPDATE contest SET award_progress = ?1 WHERE id = ?2 AND award_progress = ?3 AND awarded_at IS NULL")
                .setParameter(1, progress + rows.size())
                .setParameter(2, c.id)
                .setParameter(3, progress)
                .executeUpdate();
        if (moved == 0) {
            return Step.LOST; // another replica moved on from here
        }
        Instant now = clock.instant();
        StringBuilder sql = new StringBuilder(
                "INSERT INTO contest_prize (contest_id, place, member_id, tier, score, millis, attempt_id, awarded_at) VALUES ");
        List<Object> params = new ArrayList<>();
        Map<String, List<Long>> byTier = new LinkedHashMap<>();
        Map<Long, Integer> placeOf = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            Object[] r = rows.get(i);
            int place = progress + i + 1;
            String tier = tierOf(tiers, place);
            long member = ((Number) r[0]).longValue();
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?)");
            params.addAll(List.of(c.id, place, member, tier, r[1], r[2], r[3], now));
            byTier.computeIfAbsent(tier, t -> new ArrayList<>()).add(member);
            placeOf.put(member, place);
        }
        var insert = em.createNativeQuery(sql.toString());
        for (int i = 0; i < params.size(); i++) {
            insert.setParameter(i + 1, params.get(i));
        }
        insert.executeUpdate();
        byTier.forEach((tier, members) -> notices.tellAll(
                members,
                new Notices.Message(
                        "CONTEST_PRIZE",
                        "获奖通知：" + c.title,
                        "恭喜您在「" + c.title + "」中荣获" + tier + "！请在竞赛页面查看奖品领取说明。",
                        c.id)));
        return progress + rows.size() >= total ? Step.DONE : Step.MORE;
    }

    static String tierOf(List<ContestRequest.Tier> tiers, int place) {
        int upTo = 0;
        for (ContestRequest.Tier t : tiers) {
            upTo += t.count();
            if (place <= upTo) {
                return t.tier();
            }
        }
        throw new IllegalStateException("place " + place + " is beyond the prizes");
    }

    /** The prize list for a member of the audience: winners masked, and the member's own prize. */
    public PrizeList forMember(long memberId, long contestId) {
        Contest c = contests.requireAudience(memberId, contestId);
        String status = contests.status(c, clock.instant());
        List<Awarded> all = ContestView.AWARDED.equals(status) ? list(contestId, true) : List.of();
        return toList(c, status, all, memberId, true);
    }

    /** The same for an admin of the scope, names in full. */
    PrizeList forAdmin(Contest c) {
        String status = contests.status(c, clock.instant());
        return toList(c, status, list(c.id, ContestView.AWARDED.equals(status)), -1, false);
    }

    private PrizeList toList(Contest c, String status, List<Awarded> all, long memberId, boolean masked) {
        List<ContestRequest.Tier> tiers = QuarkusTransaction.requiringNew().call(() -> contests.tiers(c.id));
        Map<String, List<Winner>> byTier = new LinkedHashMap<>();
        tiers.forEach(t -> byTier.put(t.tier(), new ArrayList<>()));
        MyPrize mine = null;
        for (Awarded a : all) {
            byTier.computeIfAbsent(a.tier(), t -> new ArrayList<>())
                    .add(new Winner(a.place(), masked ? Masking.name(a.name()) : a.name(), a.score(), a.millis()));
            if (a.memberId() == memberId) {
                mine = new MyPrize(a.tier(), a.place(), a.score(), a.millis());
            }
        }
        List<TierWinners> out = new ArrayList<>();
        for (ContestRequest.Tier t : tiers) {
            out.add(new TierWinners(t.tier(), t.count(), byTier.get(t.tier())));
        }
        return new PrizeList(c.id, status, clock.at(c.closesAt), out, mine);
    }

    @SuppressWarnings("unchecked")
    private List<Awarded> list(long contestId, boolean final_) {
        List<Awarded> known = awarded.get(contestId);
        if (known != null) {
            return known;
        }
        List<Object[]> rows = QuarkusTransaction.requiringNew()
                .call(() -> em.createNativeQuery(
                                "SELECT p.place, p.member_id, p.tier, p.score, p.millis, r.name"
                                        + " FROM contest_prize p JOIN member m ON m.id = p.member_id"
                                        + " LEFT JOIN roster_entry r ON r.id = m.roster_id WHERE p.contest_id = ?1 ORDER BY p.place")
                        .setParameter(1, contestId)
                        .getResultList());
        List<Awarded> out = rows.stream()
                .map(r -> new Awarded(
                        ((Number) r[0]).intValue(),
                        ((Number) r[1]).longValue(),
                        (String) r[2],
                        ((Number) r[3]).intValue(),
                        ((Number) r[4]).intValue(),
                        r[5] == null ? "会员" : (String) r[5]))
                .toList();
        if (final_) {
            awarded.put(contestId, out);
        }
        return out;
    }
}
