package dev.zhijia.booking;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.zhijia.common.LuaScript;
import dev.zhijia.common.RedisLock;
import dev.zhijia.member.Eligibility;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.sortedset.ScoreRange;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/**
 * The booking gate in Redis: the flash-claim pattern (benefit/ClaimGate) with seats counted per slot.
 * One Lua script per tap decides atomically — release time, slot start, eligibility, one live booking
 * per member per service, seats left — and takes a reservation; full-slot and duplicate taps end here,
 * never reaching MySQL. The rule "one per member per service" spans the service's slots, so the slot
 * counters live in hashes under the service's hash tag {@code {service:<id>}} (one cluster slot):
 * <ul>
 * <li>{@code :meta} hash — release (epoch ms), tags, orgs (comma lists); written last by a load</li>
 * <li>{@code :seats} hash — slot id → seats not yet reserved or booked</li>
 * <li>{@code :starts} hash — slot id → start (epoch ms)</li>
 * <li>{@code :members} hash — member → {@code R:<slot>:<ms>} (reserved) or {@code B:<booking>:<slot>} (booked)</li>
 * <li>{@code :pending} zset — members with a reservation, move or cancellation in flight, by its start, for the reconciler</li>
 * </ul>
 * Suspended members: {@code booking:suspended} hash, member → until (epoch ms), a copy of MySQL's
 * booking_suspension read before the script (its own key, not under the service's tag).
 */
@ApplicationScoped
public class BookingGate {

    public enum Outcome {
        RESERVED, NOT_LOADED, NO_SLOT, NOT_OPEN, PAST, NOT_ELIGIBLE, DUPLICATE, FULL
    }

    /** {@code existing} is the member's entry (e.g. {@code B:42:7}) on DUPLICATE. */
    public record Decision(Outcome outcome, String existing, String reservation) {
    }

    static final String SUSPENDED = "booking:suspended";

    private static final LuaScript BOOK = new LuaScript(Eligibility.LUA_RULE + """
            local meta = redis.call('HMGET', KEYS[1], 'release', 'tags', 'orgs')
            if not meta[1] then return {'NOT_LOADED'} end
            local starts = redis.call('HGET', KEYS[3], ARGV[5])
            local left = redis.call('HGET', KEYS[2], ARGV[5])
            if not starts or not left then return {'NO_SLOT'} end
            local now = tonumber(ARGV[2])
            if now < tonumber(meta[1]) then return {'NOT_OPEN'} end
            if now >= tonumber(starts) then return {'PAST'} end
            if not eligible(meta[2], meta[3], ARGV[3], ARGV[4]) then return {'NOT_ELIGIBLE'} end
            local existing = redis.call('HGET', KEYS[4], ARGV[1])
            if existing then return {'DUPLICATE', existing} end
            if tonumber(left) <= 0 then return {'FULL'} end
            redis.call('HINCRBY', KEYS[2], ARGV[5], -1)
            local r = 'R:' .. ARGV[5] .. ':' .. ARGV[2]
            redis.call('HSET', KEYS[4], ARGV[1], r)
            redis.call('ZADD', KEYS[5], ARGV[2], ARGV[1])
            return {'RESERVED', '', r}""");

    // Marks the member's booking made. If the reservation was released meanwhile (a reconciler, or a
    // rebuild after Redis lost it), the seat it gave back is taken again: MySQL holds the booking.
    private static final LuaScript CONFIRM = new LuaScript("""
            local cur = redis.call('HGET', KEYS[4], ARGV[1])
            redis.call('HSET', KEYS[4], ARGV[1], ARGV[3])
            redis.call('ZREM', KEYS[5], ARGV[1])
            if cur ~= ARGV[2] and (not cur or string.sub(cur, 1, 2) ~= 'B:') then redis.call('HINCRBY', KEYS[2], ARGV[4], -1) end
            return 1""");

    // Gives a seat back once: only if the member's entry is still exactly what the caller saw.
    private static final LuaScript RELEASE = new LuaScript("""
            if redis.call('HGET', KEYS[4], ARGV[1]) ~= ARGV[2] then return 0 end
            redis.call('HDEL', KEYS[4], ARGV[1])
            redis.call('ZREM', KEYS[5], ARGV[1])
            if redis.call('HEXISTS', KEYS[2], ARGV[3]) == 1 then redis.call('HINCRBY', KEYS[2], ARGV[3], 1) end
            return 1""");

    // The booking is over (verified, no-show) but its seat stays taken: the member may book again.
    private static final LuaScript FORGET = new LuaScript("""
            if redis.call('HGET', KEYS[4], ARGV[1]) ~= ARGV[2] then return 0 end
            redis.call('HDEL', KEYS[4], ARGV[1])
            return 1""");

    // A booking moved (MySQL has committed it): one seat from the new slot, one back to the old.
    private static final LuaScript MOVED = new LuaScript("""
            redis.call('ZREM', KEYS[5], ARGV[1])
            if not redis.call('HGET', KEYS[1], 'release') then return 0 end
            redis.call('HINCRBY', KEYS[2], ARGV[4], -1)
            if redis.call('HEXISTS', KEYS[2], ARGV[3]) == 1 then redis.call('HINCRBY', KEYS[2], ARGV[3], 1) end
            redis.call('HSET', KEYS[4], ARGV[1], ARGV[2])
            return 1""");

    // Sets seats to what MySQL says is left, but only when no reservation is in flight (they would be counted twice).
    private static final LuaScript HEAL = new LuaScript("""
            if redis.call('ZCARD', KEYS[5]) > 0 or not redis.call('HGET', KEYS[1], 'release') then return 0 end
            local changed = 0
            for i = 1, #ARGV, 2 do
              if redis.call('HGET', KEYS[2], ARGV[i]) ~= ARGV[i + 1] then
                redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
                changed = changed + 1
              end
            end
            return changed""");

    // New slots of a loaded service (an unloaded one reads them from MySQL when it loads).
    private static final LuaScript ADD_SLOTS = new LuaScript("""
            if not redis.call('HGET', KEYS[1], 'release') then return 0 end
            for i = 1, #ARGV, 3 do
              redis.call('HSETNX', KEYS[2], ARGV[i], ARGV[i + 1])
              redis.call('HSETNX', KEYS[3], ARGV[i], ARGV[i + 2])
            end
            return 1""");

    private final RedisDataSource redis;
    private final ReactiveRedisDataSource reactive;
    private final RedisLock locks;

    BookingGate(RedisDataSource redis, ReactiveRedisDataSource reactive, RedisLock locks) {
        this.redis = redis;
        this.reactive = reactive;
        this.locks = locks;
    }

    public Decision tryReserve(long serviceId, long slotId, long memberId, long nowMillis, Eligibility.Profile profile) {
        return decision(BOOK.run(redis, keys(serviceId), bookArgs(slotId, memberId, nowMillis, profile)));
    }

    /** The same decision without blocking a thread: the hot path of a release burst. */
    public Uni<Decision> tryReserveAsync(long serviceId, long slotId, long memberId, long nowMillis, Eligibility.Profile profile) {
        return BOOK.run(reactive, keys(serviceId), bookArgs(slotId, memberId, nowMillis, profile)).map(BookingGate::decision);
    }

    private static String[] bookArgs(long slotId, long memberId, long nowMillis, Eligibility.Profile profile) {
        String[] rule = profile.ruleArgs();
        return new String[] { Long.toString(memberId), Long.toString(nowMillis), rule[0], rule[1], Long.toString(slotId) };
    }

    private static Decision decision(Response r) {
        Outcome outcome = Outcome.valueOf(r.get(0).toString());
        return new Decision(outcome, r.size() > 1 ? r.get(1).toString() : null, r.size() > 2 ? r.get(2).toString() : null);
    }

    /** Until when (epoch ms) the member may not book, per Redis; 0 if not suspended. */
    public Uni<Long> suspendedUntilAsync(long memberId) {
        return reactive.hash(String.class).hget(SUSPENDED, Long.toString(memberId)).map(v -> v == null ? 0L : Long.parseLong(v));
    }

    public void suspend(long memberId, long untilMillis) {
        redis.hash(String.class).hset(SUSPENDED, Long.toString(memberId), Long.toString(untilMillis));
    }

    /** Replaces the copy of the suspensions with MySQL's (member → until), dropping the ones that ended. */
    public void loadSuspensions(Map<Long, Long> current) {
        var hash = redis.hash(String.class);
        for (String member : hash.hkeys(SUSPENDED)) {
            if (!current.containsKey(Long.parseLong(member))) {
                hash.hdel(SUSPENDED, member);
            }
        }
        Map<String, String> values = new HashMap<>();
        current.forEach((member, until) -> values.put(member.toString(), until.toString()));
        if (!values.isEmpty()) {
            hash.hset(SUSPENDED, values);
        }
    }

    static String entry(long bookingId, long slotId) {
        return "B:" + bookingId + ":" + slotId;
    }

    public void confirm(long serviceId, long memberId, String reservation, long bookingId, long slotId) {
        run(CONFIRM, serviceId, Long.toString(memberId), reservation, entry(bookingId, slotId), Long.toString(slotId));
    }

    /** Releases what {@code seen} (a reservation or booking entry) holds in {@code slotId}; false if it had changed. */
    public boolean release(long serviceId, long memberId, String seen, long slotId) {
        return run(RELEASE, serviceId, Long.toString(memberId), seen, Long.toString(slotId)).toLong() == 1;
    }

    public void forget(long serviceId, long memberId, long bookingId, long slotId) {
        run(FORGET, serviceId, Long.toString(memberId), entry(bookingId, slotId));
    }

    /**
     * Marks a member's move or cancellation in flight (MySQL first, then Redis): the reconciler does not
     * re-derive seats meanwhile, which would count the change twice. {@link #moved}, {@link #release} or
     * {@link #settled} end it; the reconciler ends one whose request died.
     */
    public void inFlight(long serviceId, long memberId, long nowMillis) {
        redis.sortedSet(String.class).zadd(prefix(serviceId) + "pending", nowMillis, Long.toString(memberId));
    }

    public void settled(long serviceId, long memberId) {
        redis.sortedSet(String.class).zrem(prefix(serviceId) + "pending", Long.toString(memberId));
    }

    public void moved(long serviceId, long memberId, long bookingId, long fromSlot, long toSlot) {
        run(MOVED, serviceId, Long.toString(memberId), entry(bookingId, toSlot), Long.toString(fromSlot), Long.toString(toSlot));
    }

    /** Number of slots whose seats were off and have been set to MySQL's {@code left}. */
    public long healSeats(long serviceId, Map<Long, Integer> left) {
        if (left.isEmpty()) {
            return 0;
        }
        return run(HEAL, serviceId, pairs(left)).toLong();
    }

    /** Slot id, capacity and start (epoch ms) of slots just created. */
    public void addSlots(long serviceId, List<long[]> slots) {
        List<String> args = new ArrayList<>();
        for (long[] s : slots) {
            args.add(Long.toString(s[0]));
            args.add(Long.toString(s[1]));
            args.add(Long.toString(s[2]));
        }
        if (!args.isEmpty()) {
            run(ADD_SLOTS, serviceId, args.toArray(String[]::new));
        }
    }

    /** What a load puts in Redis: the service's terms, each slot's seats left and start, the live bookings. */
    public record Snapshot(long releaseMillis, List<String> tags, List<String> orgs, Map<Long, Integer> seatsLeft,
            Map<Long, Long> startsMillis, Map<Long, String> members) {
    }

    /** Replaces the service's keys with what MySQL says (callers hold the service's lock); the meta last. */
    public void load(long serviceId, Snapshot s) {
        String p = prefix(serviceId);
        redis.key().del(p + "meta", p + "seats", p + "starts", p + "members", p + "pending");
        var hash = redis.hash(String.class);
        if (!s.seatsLeft().isEmpty()) {
            hash.hset(p + "seats", stringMap(s.seatsLeft()));
            hash.hset(p + "starts", stringMap(s.startsMillis()));
        }
        if (!s.members().isEmpty()) {
            hash.hset(p + "members", stringMap(s.members()));
        }
        hash.hset(p + "meta", Map.of("release", Long.toString(s.releaseMillis()), "tags", String.join(",", s.tags()), "orgs",
                String.join(",", s.orgs())));
    }

    public boolean loaded(long serviceId) {
        return redis.key().exists(prefix(serviceId) + "meta");
    }

    /** Seats left per slot per Redis (only the slots it holds); empty when Redis does not hold the service. */
    public Map<Long, Long> remaining(long serviceId, List<Long> slotIds) {
        Map<Long, Long> out = new HashMap<>();
        if (slotIds.isEmpty() || !loaded(serviceId)) {
            return out;
        }
        Map<String, String> got = redis.hash(String.class).hmget(prefix(serviceId) + "seats",
                slotIds.stream().map(String::valueOf).toArray(String[]::new));
        got.forEach((slot, left) -> {
            if (left != null) {
                out.put(Long.parseLong(slot), Math.max(0, Long.parseLong(left)));
            }
        });
        return out;
    }

    /** Reservations older than {@code age}: member → reservation value. */
    public List<String[]> staleReservations(long serviceId, long nowMillis, Duration age) {
        String p = prefix(serviceId);
        List<String[]> out = new ArrayList<>();
        for (String member : redis.sortedSet(String.class).zrangebyscore(p + "pending",
                new ScoreRange<>(Double.NEGATIVE_INFINITY, (double) (nowMillis - age.toMillis())))) {
            String value = redis.hash(String.class).hget(p + "members", member);
            if (value != null) {
                out.add(new String[] { member, value });
            } else {
                redis.sortedSet(String.class).zrem(p + "pending", member);
            }
        }
        return out;
    }

    /** A per-service lock so one replica rebuilds or reconciles a service at a time: the holder's token, or null. */
    public String lock(long serviceId, Duration ttl) {
        return locks.tryAcquire(prefix(serviceId) + "lock", ttl);
    }

    public void unlock(long serviceId, String token) {
        locks.release(prefix(serviceId) + "lock", token);
    }

    /** The slot a reservation ({@code R:<slot>:<ms>}) or booking entry ({@code B:<booking>:<slot>}) holds. */
    static long slotOf(String entry) {
        String[] p = entry.split(":");
        return Long.parseLong(entry.startsWith("R:") ? p[1] : p[2]);
    }

    private Response run(LuaScript script, long serviceId, String... args) {
        return script.run(redis, keys(serviceId), args);
    }

    private static String[] pairs(Map<Long, Integer> m) {
        List<String> args = new ArrayList<>();
        m.forEach((k, v) -> {
            args.add(k.toString());
            args.add(v.toString());
        });
        return args.toArray(String[]::new);
    }

    private static <K, V> Map<String, String> stringMap(Map<K, V> m) {
        Map<String, String> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k.toString(), v.toString()));
        return out;
    }

    private static List<String> keys(long serviceId) {
        String p = prefix(serviceId);
        return List.of(p + "meta", p + "seats", p + "starts", p + "members", p + "pending");
    }

    static String prefix(long serviceId) {
        return "{service:" + serviceId + "}:";
    }
}
