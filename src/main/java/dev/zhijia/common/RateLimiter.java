package dev.zhijia.common;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;

/**
 * Fixed-window counters in Redis, shared by every replica: login failures, code guesses, card guesses.
 * Losing them in a Redis restart only resets the windows, which is acceptable for a rate limit.
 * <p>
 * A guess is counted before it is checked ({@link #guess}: INCR, then compare, in one script), so
 * parallel requests cannot all pass a check that only reads; a guess that turns out right gives its
 * count back.
 */
@ApplicationScoped
public class RateLimiter {

    private static final LuaScript HIT = LuaScript.load("rate-hit");

    // The same, refused (and not counted) when the window is full: returns 0 then.
    private static final LuaScript TAKE = LuaScript.load("rate-take");

    // Gives one count back, never below zero and never re-creating an expired window.
    private static final LuaScript GIVE_BACK = LuaScript.load("rate-give-back");

    /** At most {@code max} counted guesses per {@code window} under {@code key}. */
    public record Limit(String key, long max, Duration window) {}

    /** Guesses counted against their limits; {@link #giveBack()} returns the counts (a right guess is no miss). */
    public final class Guess {
        private final List<Limit> counted;

        private Guess(List<Limit> counted) {
            this.counted = counted;
        }

        public void giveBack() {
            for (Limit l : counted) {
                GIVE_BACK.run(redis, List.of("rl:" + l.key()));
            }
            counted.clear();
        }
    }

    private final RedisDataSource redis;

    RateLimiter(RedisDataSource redis) {
        this.redis = redis;
    }

    /** Counts one event; returns how many the window holds now (this one included). */
    public long hit(String key, Duration window) {
        Response n = HIT.run(redis, List.of("rl:" + key), Long.toString(window.toMillis()));
        return n.toLong();
    }

    /**
     * Counts one guess against every limit before the guess is checked. Throws 429
     * {@code TOO_MANY_ATTEMPTS} with {@code detail} when any of them is full, giving back what it
     * counted already. Each limit is its own key (and cluster slot), counted one after the other.
     */
    public Guess guess(String detail, Limit... limits) {
        Guess guess = new Guess(new ArrayList<>(limits.length));
        for (Limit l : limits) {
            Response n = TAKE.run(
                    redis, List.of("rl:" + l.key()), Long.toString(l.window().toMillis()), Long.toString(l.max()));
            if (n.toLong() == 0) {
                guess.giveBack();
                throw ProblemException.tooManyRequests(CommonErrors.TOO_MANY_ATTEMPTS, detail);
            }
            guess.counted.add(l);
        }
        return guess;
    }

    public void reset(String key) {
        redis.execute("DEL", "rl:" + key);
    }
}
