package dev.zhijia.water;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import dev.zhijia.common.LuaScript;
import dev.zhijia.station.StationChanged;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;

/**
 * Bottles held by live pickup codes, per station, in Redis (all keys of a station share the hash tag
 * {@code {station:<id>}}):
 * <ul>
 * <li>{@code :water:stock} — the station's durable stock, mirrored from MySQL (dropped on every change, reloaded on use)</li>
 * <li>{@code :water:held} — zset of live codes scored by expiry: an expired code gives its bottle back by itself</li>
 * <li>{@code :water:code:<code>} — the pickup id behind a live code (TTL = code lifetime)</li>
 * </ul>
 * Losing them loses only pending codes (members ask again); stock is reloaded from MySQL.
 */
@ApplicationScoped
public class WaterHolds {

    public enum Hold {
        HELD,
        OUT_OF_STOCK,
        CODE_TAKEN,
        NOT_LOADED
    }

    private static final LuaScript HOLD = LuaScript.load("water-hold");

    // Takes a live code: single use, atomically. Returns the pickup id, or nothing.
    private static final LuaScript TAKE = LuaScript.load("water-take");

    private final RedisDataSource redis;

    WaterHolds(RedisDataSource redis) {
        this.redis = redis;
    }

    public Hold hold(long stationId, String code, String pickupRef, long nowMillis, long expiresMillis) {
        Response r = HOLD.run(
                redis,
                keys(stationId, code),
                Long.toString(nowMillis),
                Long.toString(expiresMillis),
                pickupRef,
                Long.toString(expiresMillis - nowMillis),
                code);
        return Hold.valueOf(r.toString());
    }

    /** The pickup id if the code was live here and is now taken (nobody else can take it). */
    public Long take(long stationId, String code, long nowMillis) {
        Response r = TAKE.run(redis, keys(stationId, code), Long.toString(nowMillis), code);
        return r == null ? null : Long.parseLong(r.toString());
    }

    public void release(long stationId, String code) {
        List<String> k = keys(stationId, code);
        redis.key().del(k.get(2));
        redis.sortedSet(String.class).zrem(k.get(1), code);
    }

    /** Puts a taken code back (its MySQL write failed): the member's code works again. */
    public void restore(long stationId, String code, long pickupId, long expiresMillis, long nowMillis) {
        if (expiresMillis > nowMillis) {
            List<String> k = keys(stationId, code);
            redis.execute("SET", k.get(2), Long.toString(pickupId), "PX", Long.toString(expiresMillis - nowMillis));
            redis.sortedSet(String.class).zadd(k.get(1), expiresMillis, code);
        }
    }

    public boolean live(long stationId, String code) {
        return redis.key().exists(keys(stationId, code).get(2));
    }

    public void loadStock(long stationId, int stock) {
        redis.execute("SET", keys(stationId, "").get(0), Integer.toString(stock), "NX");
    }

    /** Any change of a station (restock, admin edit, a verified pickup) drops the mirror; the next hold reloads it. */
    void onStationChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) StationChanged change) {
        forgetStock(change.id());
    }

    public void forgetStock(long stationId) {
        redis.key().del(keys(stationId, "").get(0));
    }

    private static List<String> keys(long stationId, String code) {
        String p = "{station:" + stationId + "}:water:";
        return List.of(p + "stock", p + "held", p + "code:" + code);
    }
}
