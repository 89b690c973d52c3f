package dev.zhijia.common;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;

/**
 * Fixed-window counters in Redis, shared by every replica: login failures, code guesses, card guesses.
 * Losing them in a Redis restart only resets the windows, which is acceptable for a rate limit.
 */
@ApplicationScoped
public class RateLimiter {

    // INCR and set the window's expiry on the first hit, atomically.
    private static final String HIT = """
            local n = redis.call('INCR', KEYS[1])
            if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            return n""";

    private final RedisDataSource redis;

    RateLimiter(RedisDataSource redis) {
        this.redis = redis;
    }

    /** Counts one event; returns how many the window holds now (this one included). */
    public long hit(String key, Duration window) {
        Response n = redis.execute("EVAL", HIT, "1", "rl:" + key, Long.toString(window.toMillis()));
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
            throw ProblemException.tooManyRequests("TOO_MANY_ATTEMPTS", detail);
        }
    }
}
