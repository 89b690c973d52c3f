package dev.zhijia.booking;

import java.time.Duration;
import java.util.ArrayList;
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
 * The booking gate in Redis: the flash-claim pattern (benefit/ClaimGate) with seats counted per slot.
 * One Lua script per tap decides atomically — release time, slot start, eligibility, one live booking
 * per member per service, seats left — and takes a reservation; full-slot and duplicate taps end here,
 * never reaching MySQL. The rule "one per member per service" spans the service's slots, so the slot
 * counters live in hashes under the service's hash tag {@code {service:<id>}} (one cluster slot):
 * <ul>
 * <li>{@code :meta} hash — release (epoch ms), audience ({@link Audience#requirements()}); written last by a load</li>
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
        RESERVED,
        NOT_LOADED,
        NO_SLOT,
        NOT_OPEN,
        PAST,
        NOT_ELIGIBLE,
        DUPLICATE,
        FULL
    }

    /** {@code existing} is the member's entry (e.g. {@code B:42:7}) on DUPLICATE. */
    public record Decision(Outcome outcome, String existing, String reservation) {}

    static final String SUSPENDED = "booking:suspended";

    private static final LuaScript BOOK = LuaScript.load("eligible", "booking");
    private static final LuaScript CONFIRM = LuaScript.load("booking-confirm");
    private static final LuaScript RELEASE = LuaScript.load("booking-release");
    private static final LuaScript FORGET = LuaScript.load("booking-forget");
    private static final LuaScript MOVED = LuaScript.load("booking-moved");
    private static final LuaScript HEAL = LuaScript.load("booking-heal");
    private static final LuaScript ADD_SLOTS = LuaScript.load("booking-add-slots");

    private final RedisDataSource redis;
    private final ReactiveRedisDataSource reactive;
    private final RedisLock locks;

    BookingGate(RedisDataSource redis, ReactiveRedisDataSource reactive, RedisLock locks) {
        this.redis = redis;
        this.reactive = reactive;
        this.locks = locks;
    }

    public Decision tryReserve(
            long serviceId, long slotId, long memberId, long nowMillis, Eligibility.Profile profile) {
        return decision(BOOK.run(redis, keys(serviceId), bookArgs(slotId, memberId, nowMillis, profile)));
    }

    /** The same decision without blocking a thread: the hot path of a release burst. */
    public Uni<Decision> tryReserveAsync(
            long serviceId, long slotId, long memberId, long nowMillis, Eligibility.Profile profile) {
        return BOOK.run(reactive, keys(serviceId), bookArgs(slotId, memberId, nowMillis, profile))
                .map(BookingGate::decision);
    }

    private static String[] bookArgs(long slotId, long memberId, long nowMillis, Eligibility.Profile profile) {
        return new String[] {
            Long.toString(memberId), Long.toString(nowMillis), Audience.marks(profile), Long.toString(slotId)
        };
    }

    private static Decision decision(Response r) {
        Outcome outcome = Outcome.valueOf(r.get(0).toString());
        return new Decision(
                outcome,
                r.size() > 1 ? r.get(1).toString() : null,
                r.size() > 2 ? r.get(2).toString() : null);
    }

    /** Until when (epoch ms) the member may not book, per Redis; 0 if not suspended. */
    public Uni<Long> suspendedUntilAsync(long memberId) {
        return reactive.hash(String.class)
                .hget(SUSPENDED, Long.toString(memberId))
                .map(v -> v == null ? 0L : Long.parseLong(v));
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
        return run(RELEASE, serviceId, Long.toString(memberId), seen, Long.toString(slotId))
                        .toLong()
                == 1;
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
        run(
                MOVED,
                serviceId,
                Long.toString(memberId),
                entry(bookingId, toSlot),
                Long.toString(fromSlot),
                Long.toString(toSlot));
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
    public record Snapshot(
            long releaseMillis,
            Audience audience,
            Map<Long, Integer> seatsLeft,
            Map<Long, Long> startsMillis,
            Map<Long, String> members) {}

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
        hash.hset(
                p + "meta",
                Map.of(
                        "release",
                        Long.toString(s.releaseMillis()),
                        "audience",
                        s.audience().requirements()));
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
        Map<String, String> got = redis.hash(String.class)
                .hmget(
                        prefix(serviceId) + "seats",
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
        return Reservations.stale(redis, prefix(serviceId), nowMillis, age);
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
