package dev.zhijia.member;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.transaction.Transactional;

import dev.zhijia.common.ProblemException;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.ValueCommands;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * What claims need to know of a member — verified? which org and tags? — cached in Redis so a
 * burst of taps costs no MySQL reads. Rebuild rule: a miss reads MySQL and caches for
 * {@link #TTL}; verification and approval drop the entry at once; roster re-imports are seen
 * within the TTL. A verified profile is also kept in this replica's memory for {@link #LOCAL_TTL},
 * so a member tapping again in a burst costs no Redis read either; an unverified one never is (the
 * member who verifies a moment later must not be refused by another replica's memory).
 */
@ApplicationScoped
public class Eligibility {

    public record Profile(boolean verified, String orgId, List<String> tags) {

        /** {@code 1|org|tag1,tag2} — what the claim script compares against. */
        String encode() {
            return (verified ? "1" : "0") + "|" + (orgId == null ? "" : orgId) + "|" + String.join(",", tags);
        }

        /** This profile, or 403 NOT_VERIFIED: the one guard of everything only verified members may do. */
        public Profile requireVerified() {
            if (!verified) {
                throw notVerified();
            }
            return this;
        }

        static Profile decode(String s) {
            String[] p = s.split("\\|", -1);
            return new Profile(
                    "1".equals(p[0]),
                    p[1].isEmpty() ? null : p[1],
                    p[2].isEmpty() ? List.of() : List.of(p[2].split(",")));
        }
    }

    public static ProblemException notVerified() {
        return ProblemException.forbidden(MemberErrors.NOT_VERIFIED, "Verify your union membership first");
    }

    static final Duration TTL = Duration.ofMinutes(10);
    static final Duration LOCAL_TTL = Duration.ofSeconds(10);
    private static final int LOCAL_MAX = 200_000;

    private record Local(Profile profile, long expiresNanos) {}

    private final java.util.Map<Long, Local> local = new java.util.concurrent.ConcurrentHashMap<>();

    private final ValueCommands<String, String> values;
    private final RedisDataSource redis;
    private final ReactiveRedisDataSource reactive;

    private final Event<Changed> changed;

    Eligibility(RedisDataSource redis, ReactiveRedisDataSource reactive, Event<Changed> changed) {
        this.changed = changed;
        this.redis = redis;
        this.reactive = reactive;
        this.values = redis.value(String.class);
    }

    public Profile of(long memberId) {
        Profile mine = remembered(memberId);
        if (mine != null) {
            return mine;
        }
        String cached = values.get(key(memberId));
        if (cached != null) {
            return remember(memberId, Profile.decode(cached));
        }
        Profile p = load(memberId);
        values.setex(key(memberId), TTL.toSeconds(), p.encode());
        return remember(memberId, p);
    }

    /** The same without blocking: Redis on the event loop, and only a cache miss reads MySQL (on a worker). */
    public Uni<Profile> ofAsync(long memberId) {
        Profile mine = remembered(memberId);
        if (mine != null) {
            return Uni.createFrom().item(mine);
        }
        return reactive.value(String.class)
                .get(key(memberId))
                .flatMap(cached -> cached != null
                        ? Uni.createFrom().item(remember(memberId, Profile.decode(cached)))
                        : Uni.createFrom()
                                .item(() -> of(memberId))
                                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));
    }

    /** Fired by {@link #forget}: the entry is dropped once the change that caused it has committed. */
    record Changed(long memberId) {}

    /**
     * Drops what is cached of the member — after the caller's transaction commits (at once without one):
     * dropped inside it, a claim in between would read the old row and cache it again for {@link #TTL}.
     */
    public void forget(long memberId) {
        changed.fire(new Changed(memberId));
    }

    void onChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) Changed change) {
        local.remove(change.memberId());
        redis.key().del(key(change.memberId()));
    }

    private Profile remembered(long memberId) {
        Local l = local.get(memberId);
        if (l == null) {
            return null;
        }
        if (System.nanoTime() - l.expiresNanos() > 0) {
            local.remove(memberId, l);
            return null;
        }
        return l.profile();
    }

    private Profile remember(long memberId, Profile p) {
        if (p.verified()) {
            if (local.size() >= LOCAL_MAX) {
                local.clear(); // a crude bound: the next taps read Redis again
            }
            local.put(memberId, new Local(p, System.nanoTime() + LOCAL_TTL.toNanos()));
        }
        return p;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    Profile load(long memberId) {
        Member m = Member.findById(memberId);
        if (m == null || m.rosterId == null) {
            return new Profile(false, null, List.of());
        }
        RosterEntry e = RosterEntry.findById(m.rosterId);
        return new Profile(true, e.orgId, e.tagList());
    }

    private static String key(long memberId) {
        return "{member:" + memberId + "}:eligibility";
    }
}
