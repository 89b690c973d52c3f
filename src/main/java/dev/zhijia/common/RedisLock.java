package dev.zhijia.common;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.RedisDataSource;

/**
 * A lock one replica holds for a while (rebuilds, reconciling, fan-out, the platform token): SET NX PX with a token of its own, and
 * released only by its holder, so a holder that outlived the expiry cannot free someone else's lock.
 */
@ApplicationScoped
public class RedisLock {

    private static final LuaScript RELEASE = LuaScript.load("lock-release");
    private static final LuaScript EXTEND = LuaScript.load("lock-extend");

    private final RedisDataSource redis;

    RedisLock(RedisDataSource redis) {
        this.redis = redis;
    }

    /** The holder's token, or null if another holder has it. */
    public String tryAcquire(String key, Duration ttl) {
        String token = UUID.randomUUID().toString();
        return redis.execute("SET", key, token, "NX", "PX", Long.toString(ttl.toMillis())) == null ? null : token;
    }

    /** Keeps a long job's lock for another {@code ttl}; false if it expired and someone else holds it now. */
    public boolean extend(String key, String token, Duration ttl) {
        return EXTEND.run(redis, List.of(key), token, Long.toString(ttl.toMillis()))
                        .toLong()
                == 1;
    }

    public void release(String key, String token) {
        if (token != null) {
            RELEASE.run(redis, List.of(key), token);
        }
    }
}
