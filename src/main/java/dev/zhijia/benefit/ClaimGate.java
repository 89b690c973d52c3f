package dev.zhijia.benefit;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.zhijia.common.LuaScript;
import dev.zhijia.common.RedisLock;
import dev.zhijia.common.Reservations;
import dev.zhijia.member.Audience;
import dev.zhijia.member.Eligibility;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/**
 * The flash-claim gate in Redis. One Lua script per tap decides atomically — window, eligibility,
 * duplicate, stock — and takes a reservation; sold-out and duplicate taps end here, never reaching
 * MySQL. Keys of one benefit share the hash tag {@code {benefit:<id>}} so the scripts run unchanged
 * on Redis Cluster:
 * <ul>
 * <li>{@code :meta} hash — opens, closes (epoch ms), audience ({@link Audience#requirements()}), total</li>
 * <li>{@code :stock} — units not yet reserved or claimed</li>
 * <li>{@code :members} hash — member → {@code R:<ms>} (reserved) or {@code C:<claimId>} (confirmed)</li>
 * <li>{@code :pending} zset — reserved members by reservation time, for the reconciler</li>
 * </ul>
 */
@ApplicationScoped
public class ClaimGate {

    public enum Outcome {
        RESERVED,
        NOT_OPEN,
        CLOSED,
        NOT_ELIGIBLE,
        DUPLICATE,
        SOLD_OUT,
        NOT_LOADED
    }

    /** {@code existing} is the member's entry (e.g. {@code C:42}) on DUPLICATE. */
    public record Decision(Outcome outcome, String existing, String reservation) {}

    private static final LuaScript CLAIM = LuaScript.load("eligible", "claim");

    // Marks the member's claim confirmed. If the reservation was released meanwhile (a reconciler, or
    // a rebuild after Redis lost it), the unit it gave back is taken again: MySQL holds the claim.
    private static final LuaScript CONFIRM = LuaScript.load("claim-confirm");

    // Gives a unit back once: only if the member's entry is still exactly what the caller saw.
    private static final LuaScript RELEASE = LuaScript.load("claim-release");

    // The stock, read before MySQL is, when no reservation is in flight (nil otherwise): what HEAL compares against.
    private static final LuaScript SETTLED = LuaScript.load("claim-settled");

    // Sets stock to what MySQL says is left — compare-and-set against what SETTLED saw.
    private static final LuaScript HEAL = LuaScript.load("claim-heal");

    private final RedisDataSource redis;
    private final ReactiveRedisDataSource reactive;
    private final RedisLock locks;
    private final SoldOutFlags soldOut;

    ClaimGate(RedisDataSource redis, ReactiveRedisDataSource reactive, RedisLock locks, SoldOutFlags soldOut) {
        this.redis = redis;
        this.reactive = reactive;
        this.locks = locks;
        this.soldOut = soldOut;
    }

    public Decision tryReserve(long benefitId, long memberId, long nowMillis, Eligibility.Profile profile) {
        return decision(eval(CLAIM, benefitId, claimArgs(memberId, nowMillis, profile)));
    }

    /** The same decision without blocking a thread: the hot path of a burst. */
    public Uni<Decision> tryReserveAsync(long benefitId, long memberId, long nowMillis, Eligibility.Profile profile) {
        return CLAIM.run(reactive, keys(benefitId), claimArgs(memberId, nowMillis, profile))
                .map(ClaimGate::decision);
    }

    private static String[] claimArgs(long memberId, long nowMillis, Eligibility.Profile profile) {
        return new String[] {Long.toString(memberId), Long.toString(nowMillis), Audience.marks(profile)};
    }

    private static Decision decision(Response r) {
        Outcome outcome = Outcome.valueOf(r.get(0).toString());
        return new Decision(
                outcome,
                r.size() > 1 ? r.get(1).toString() : null,
                r.size() > 2 ? r.get(2).toString() : null);
    }

    public void confirm(long benefitId, long memberId, String reservation, long claimId) {
        eval(CONFIRM, benefitId, Long.toString(memberId), reservation, Long.toString(claimId));
    }

    /** Releases what {@code seen} (a reservation or confirmed claim) holds; false if it had changed. */
    public boolean release(long benefitId, long memberId, String seen) {
        return returned(
                benefitId,
                eval(RELEASE, benefitId, Long.toString(memberId), seen).toLong() == 1);
    }

    /** The stock in Redis when no reservation is in flight, else null: read it before reading MySQL, then {@link #healStock}. */
    public String settledStock(long benefitId) {
        Response r = eval(SETTLED, benefitId);
        return r == null ? null : r.toString();
    }

    /** True if the stock was off and has been set to {@code left}; false if it moved from {@code seen} meanwhile. */
    public boolean healStock(long benefitId, String seen, int left) {
        return returned(
                benefitId, eval(HEAL, benefitId, Integer.toString(left), seen).toLong() == 1);
    }

    /** Every change that can make a unit claimable again passes here, so no replica keeps answering SOLD_OUT. */
    private boolean returned(long benefitId, boolean changed) {
        if (changed) {
            soldOut.forgetEverywhere(benefitId);
        }
        return changed;
    }

    /** Replaces the benefit's keys with what MySQL says (callers hold the benefit's rebuild lock). */
    public void load(Benefit b, List<long[]> liveClaims) {
        String p = prefix(b.id);
        redis.key().del(p + "meta", p + "stock", p + "members", p + "pending");
        writeMeta(b);
        if (!liveClaims.isEmpty()) {
            Map<String, String> members = new HashMap<>();
            for (long[] c : liveClaims) {
                members.put(Long.toString(c[0]), "C:" + c[1]);
            }
            redis.hash(String.class).hset(p + "members", members);
        }
        redis.value(String.class).set(p + "stock", Integer.toString(b.totalStock - liveClaims.size()));
        returned(b.id, true);
    }

    /** Opening time, window or eligibility changed before opening: the meta only. */
    public void updateMeta(Benefit b) {
        writeMeta(b);
        returned(b.id, true);
    }

    private void writeMeta(Benefit b) {
        redis.hash(String.class)
                .hset(
                        prefix(b.id) + "meta",
                        Map.of(
                                "opens",
                                Long.toString(b.opensAt.toEpochMilli()),
                                "closes",
                                Long.toString(b.closesAt.toEpochMilli()),
                                "audience",
                                b.audience().requirements(),
                                "total",
                                Integer.toString(b.totalStock)));
    }

    /** A meta written before the audience field existed counts as not loaded, so it is rebuilt. */
    public boolean loaded(long benefitId) {
        return redis.hash(String.class).hexists(prefix(benefitId) + "meta", "audience")
                && redis.key().exists(prefix(benefitId) + "stock");
    }

    /** Units left per Redis, or null when Redis does not hold this benefit. */
    public Long remaining(long benefitId) {
        String v = redis.value(String.class).get(prefix(benefitId) + "stock");
        return v == null ? null : Math.max(0, Long.parseLong(v));
    }

    /** Reservations older than {@code age}: member → reservation value. */
    public List<String[]> staleReservations(long benefitId, long nowMillis, Duration age) {
        return Reservations.stale(redis, prefix(benefitId), nowMillis, age);
    }

    /** A per-benefit lock so one replica rebuilds or reconciles a benefit at a time: the holder's token, or null. */
    public String lock(long benefitId, Duration ttl) {
        return locks.tryAcquire(prefix(benefitId) + "lock", ttl);
    }

    public void unlock(long benefitId, String token) {
        locks.release(prefix(benefitId) + "lock", token);
    }

    private Response eval(LuaScript script, long benefitId, String... args) {
        return script.run(redis, keys(benefitId), args);
    }

    static List<String> keys(long benefitId) {
        String p = prefix(benefitId);
        return List.of(p + "meta", p + "stock", p + "members", p + "pending");
    }

    static String prefix(long benefitId) {
        return "{benefit:" + benefitId + "}:";
    }
}
