package dev.zhijia.common;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;

/**
 * Fixed-window counters in Redis, shared by every replica: login failures, code guesses, card guesses.
 * Losing them in a Redis restart only resets the windows, which is acceptable for a rate limit.
 */
@ApplicationScoped
public class RateLimiter {

    private static final LuaScript HIT = LuaScript.load("rate-hit");

    private final RedisDataSource redis;

    RateLimiter(RedisDataSource redis) {
        this.redis = redis;
    }

    /** Counts one event; returns how many the window holds now (this one included). */
    public long hit(String key, Duration window) {
        Response n = HIT.run(redis, List.of("rl:" + key), Long.toString(window.toMillis()));
        return n.toLong();
    }

    /** How many events the window holds, without counting one. */
    public long count(String key) {
        Response n = redis.execute("GET", "rl:" + key);
        return n == null ? 0 : n.toLong();
    }

    public void reset(String key) {
        redis.execute("DEL", "rl:" + key);
    }

    /** Throws 429 {@code TOO_MANY_ATTEMPTS} when the window already holds {@code max} events. */
    public void requireBelow(String key, long max, String detail) {
        if (count(key) >= max) {
            throw ProblemException.tooManyRequests(CommonErrors.TOO_MANY_ATTEMPTS, detail);
        }
    }
}
