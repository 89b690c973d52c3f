package dev.zhijia.benefit;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.zhijia.common.LuaScript;
import dev.zhijia.member.Audience;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.redis.client.Response;
import org.jboss.logging.Logger;

/**
 * Sold-out taps answered inside this JVM. When the gate answers SOLD_OUT, this replica copies what the gate
 * would say to every further tap — the window, the audience and each member's entry (winners get their
 * claim back as ALREADY_CLAIMED, everyone else BENEFIT_SOLD_OUT) — in one script run, and answers from it
 * until a unit may have come back. Whatever gives a unit back or changes the terms in Redis ({@link
 * ClaimGate}: a release, a healed stock, a (re)load) drops the copy here and, through Redis pub/sub, on
 * every replica; a lost message costs at most {@code zhijia.benefits.sold-out-memory}, after which the
 * copy is dropped anyway and the gate is asked again. A member whose reservation is still in flight is
 * always sent to the gate, which then knows the claim's id.
 * <p>
 * Races: each benefit has a generation, moved by every drop. A tap reads it before asking the gate, and a
 * SOLD_OUT is copied only under the generation it was answered in, so a drop that arrives while the gate's
 * answer or the copy is on its way is never undone by it.
 */
@ApplicationScoped
public class SoldOutFlags {

    private static final Logger LOG = Logger.getLogger(SoldOutFlags.class);
    static final String CHANNEL = "benefit:gate-changed";

    private static final LuaScript SNAPSHOT = LuaScript.load("claim-sold-out");

    /** The gate of a sold-out benefit as Redis held it, until {@code expiresNanos}. */
    private record Flag(long opens, long closes, String audience, Map<Long, String> entries, long expiresNanos) {}

    private static final class State {
        final AtomicLong generation = new AtomicLong();
        final AtomicBoolean loading = new AtomicBoolean();
        final AtomicReference<Flag> flag = new AtomicReference<>();
    }

    private final Map<Long, State> states = new ConcurrentHashMap<>();
    private final RedisDataSource redis;
    private final ReactiveRedisDataSource reactive;
    private final BenefitConfig config;

    SoldOutFlags(RedisDataSource redis, ReactiveRedisDataSource reactive, BenefitConfig config) {
        this.redis = redis;
        this.reactive = reactive;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        redis.pubsub(String.class).subscribe(CHANNEL, this::onMessage);
    }

    private void onMessage(String benefitId) {
        try {
            forget(Long.parseLong(benefitId));
        } catch (NumberFormatException e) {
            LOG.debugf("ignored %s message %s", CHANNEL, benefitId);
        }
    }

    /** Read before asking the gate: the generation a SOLD_OUT answer is copied under ({@link #soldOut}). */
    long generation(long benefitId) {
        return states.computeIfAbsent(benefitId, id -> new State()).generation.get();
    }

    /** What the gate would answer this tap while the benefit is known sold out here; null: ask the gate. */
    ClaimGate.Decision answer(long benefitId, long memberId, long nowMillis, String marks) {
        State s = states.get(benefitId);
        Flag f = s == null ? null : s.flag.get();
        if (f == null) {
            return null;
        }
        if (System.nanoTime() - f.expiresNanos() > 0) {
            s.flag.compareAndSet(f, null);
            return null;
        }
        // the order of claim.lua
        if (nowMillis < f.opens()) {
            return new ClaimGate.Decision(ClaimGate.Outcome.NOT_OPEN, null, null);
        }
        if (nowMillis >= f.closes()) {
            return new ClaimGate.Decision(ClaimGate.Outcome.CLOSED, null, null);
        }
        if (!Audience.meets(f.audience(), marks)) {
            return new ClaimGate.Decision(ClaimGate.Outcome.NOT_ELIGIBLE, null, null);
        }
        String entry = f.entries().get(memberId);
        if (entry == null) {
            return new ClaimGate.Decision(ClaimGate.Outcome.SOLD_OUT, null, null);
        }
        return entry.startsWith("C:") ? new ClaimGate.Decision(ClaimGate.Outcome.DUPLICATE, entry, null) : null;
    }

    /** The gate answered SOLD_OUT under {@code generation}: copy the benefit's gate here (once at a time, without blocking). */
    void soldOut(long benefitId, long generation) {
        State s = states.get(benefitId);
        if (s == null
                || s.generation.get() != generation
                || fresh(s.flag.get())
                || !s.loading.compareAndSet(false, true)) {
            return;
        }
        SNAPSHOT.run(reactive, ClaimGate.keys(benefitId))
                .subscribe()
                .with(
                        reply -> {
                            try {
                                if (reply != null && s.generation.get() == generation) {
                                    Flag f = flag(reply);
                                    s.flag.set(f);
                                    if (s.generation.get() != generation) {
                                        s.flag.compareAndSet(f, null); // dropped meanwhile: the drop wins
                                    }
                                }
                            } finally {
                                s.loading.set(false);
                            }
                        },
                        failure -> {
                            s.loading.set(false);
                            LOG.debugf("sold-out copy of benefit %d not read: %s", benefitId, failure.getMessage());
                        });
    }

    /**
     * A unit may be claimable again, or the terms changed: drop the copy here at once and on every other
     * replica through pub/sub (their copies expire anyway if the message is lost).
     */
    void forgetEverywhere(long benefitId) {
        forget(benefitId);
        try {
            redis.pubsub(String.class).publish(CHANNEL, Long.toString(benefitId));
        } catch (RuntimeException e) {
            LOG.warnf(
                    "benefit %d: gate change not published (%s); other replicas' sold-out copies expire within %s",
                    benefitId, e.getMessage(), config.soldOutMemory());
        }
    }

    private void forget(long benefitId) {
        State s = states.get(benefitId);
        if (s != null) {
            s.generation.incrementAndGet();
            s.flag.set(null);
        }
    }

    /** True while this replica answers the benefit's taps from memory. */
    boolean flagged(long benefitId) {
        State s = states.get(benefitId);
        return s != null && fresh(s.flag.get());
    }

    private static boolean fresh(Flag f) {
        return f != null && System.nanoTime() - f.expiresNanos() < 0;
    }

    private Flag flag(Response r) {
        Map<Long, String> entries = new HashMap<>(Math.max(16, r.size()));
        for (int i = 3; i + 1 < r.size(); i += 2) {
            entries.put(Long.parseLong(r.get(i).toString()), r.get(i + 1).toString());
        }
        return new Flag(
                Long.parseLong(r.get(0).toString()),
                Long.parseLong(r.get(1).toString()),
                r.get(2).toString(),
                entries,
                System.nanoTime() + config.soldOutMemory().toNanos());
    }
}
