package dev.zhijia.common;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.sortedset.ScoreRange;

/**
 * The reservation layout both Redis gates share (flash claims, bookings): under one key prefix, a sorted
 * set {@code <prefix>pending} of members by reservation time and a hash {@code <prefix>members} of each
 * member's entry. A reconciler asks for the reservations that have waited too long for their MySQL row.
 */
public final class Reservations {

    private Reservations() {}

    /** Reservations older than {@code age}: [member, entry] pairs; a pending member without an entry is dropped. */
    public static List<String[]> stale(RedisDataSource redis, String prefix, long nowMillis, Duration age) {
        List<String[]> out = new ArrayList<>();
        for (String member : redis.sortedSet(String.class)
                .zrangebyscore(prefix + "pending", new ScoreRange<>(Double.NEGATIVE_INFINITY, (double)
                        (nowMillis - age.toMillis())))) {
            String value = redis.hash(String.class).hget(prefix + "members", member);
            if (value != null) {
                out.add(new String[] {member, value});
            } else {
                redis.sortedSet(String.class).zrem(prefix + "pending", member);
            }
        }
        return out;
    }
}
