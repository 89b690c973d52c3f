package dev.zhijia.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.json.JsonNumber;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.zhijia.common.SqlTimes;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * Access that can be taken back. A JWT cannot be recalled, so each subject may carry a "valid after"
 * instant: its tokens issued before it are refused. MySQL ({@code subject_revocation}) is the truth; every
 * replica keeps the recent instants in memory, so the check costs no round trip on the token path. A
 * revocation is published on Redis pub/sub once committed, and each replica re-reads that subject's row
 * (a message is only a hint: nothing arriving over Redis can sign anyone out or in) and fires
 * {@link SubjectRevoked}; a replica that missed the message catches up from MySQL within
 * {@code zhijia.auth.revocation-poll}. Access tokens live at most {@link #MAX_ACCESS_TOKEN_SECONDS}, so an
 * instant older than that no longer matters and is forgotten.
 */
@ApplicationScoped
public class Revocations {

    /** API.md: access tokens live at most two hours; the memory here is only that long. */
    public static final int MAX_ACCESS_TOKEN_SECONDS = 7200;
    /** Issued-at in milliseconds: {@code iat} has whole seconds, too coarse for "revoked, then logged in again". */
    static final String ISSUED_AT_MILLIS = "iat_ms";

    static final String CHANNEL = "auth:revoked";
    private static final Logger LOG = Logger.getLogger(Revocations.class);

    /** Fired inside the revoking transaction; published once it commits. */
    record Committed(String subject, Instant validAfter) {}

    private final Map<String, Long> validAfter = new ConcurrentHashMap<>();
    private final EntityManager em;
    private final RedisDataSource redis;
    private final Clock clock;
    private final AuthConfig config;
    private final Event<Committed> committed;
    private final Event<SubjectRevoked> revoked;

    Revocations(
            EntityManager em,
            RedisDataSource redis,
            Clock clock,
            AuthConfig config,
            Event<Committed> committed,
            Event<SubjectRevoked> revoked) {
        this.em = em;
        this.redis = redis;
        this.clock = clock;
        this.config = config;
        this.committed = committed;
        this.revoked = revoked;
    }

    /** Refuses to start with a lifetime this memory (and API.md) does not cover. */
    static void requireLifetime(int accessTokenSeconds) {
        if (accessTokenSeconds < 60 || accessTokenSeconds > MAX_ACCESS_TOKEN_SECONDS) {
            throw new IllegalStateException(
                    "ZHIJIA_AUTH_ACCESS_TOKEN_SECONDS (zhijia.auth.access-token-seconds) is " + accessTokenSeconds
                            + ": it must be between 60 and " + MAX_ACCESS_TOKEN_SECONDS
                            + " seconds, or a revoked token would outlive what "
                            + "replicas remember of its revocation");
        }
    }

    void onStart(@Observes StartupEvent event) {
        requireLifetime(config.accessTokenSeconds());
        catchUp();
        redis.pubsub(String.class)
                .subscribe(
                        CHANNEL,
                        subject ->
                                // the message arrives on an event loop; the row is read on a worker
                                Infrastructure.getDefaultWorkerPool().execute(() -> reread(subject)));
    }

    /**
     * In the caller's transaction: once it commits, every token of {@code subject} issued until now is refused
     * on every replica. Refresh tokens are the caller's business ({@link Tokens#revokeSubject}).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void revoke(String subject) {
        Instant now = clock.instant();
        em.createNativeQuery("INSERT INTO subject_revocation (subject, valid_after) VALUES (?1, ?2)"
                        + " ON DUPLICATE KEY UPDATE valid_after = GREATEST(valid_after, ?2)")
                .setParameter(1, subject)
                .setParameter(2, now)
                .executeUpdate();
        committed.fire(new Committed(subject, now));
    }

    void publish(@Observes(during = TransactionPhase.AFTER_SUCCESS) Committed change) {
        learn(change.subject(), change.validAfter());
        try {
            redis.pubsub(String.class).publish(CHANNEL, change.subject());
        } catch (RuntimeException e) {
            LOG.warnf(
                    "revocation of %s not published (%s); other replicas pick it up from MySQL",
                    change.subject(), e.getMessage());
        }
    }

    /** False for a token of a subject revoked after the token was issued. */
    public boolean accepts(JsonWebToken jwt) {
        Long after = jwt.getSubject() == null ? null : validAfter.get(jwt.getSubject());
        return after == null || issuedAtMillis(jwt) >= after;
    }

    private static long issuedAtMillis(JsonWebToken jwt) {
        Object millis = jwt.getClaim(ISSUED_AT_MILLIS);
        if (millis instanceof JsonNumber n) {
            return n.longValue();
        }
        if (millis instanceof Number n) {
            return n.longValue();
        }
        return jwt.getIssuedAtTime() * 1000;
    }

    /** What MySQL holds that this replica may have missed (a lost message, a Redis outage, a restart). */
    @Scheduled(
            every = "${zhijia.auth.revocation-poll:5s}",
            delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void catchUp() {
        Instant horizon = horizon();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT subject, valid_after FROM subject_revocation WHERE valid_after > ?1")
                .setParameter(1, horizon)
                .getResultList();
        for (Object[] row : rows) {
            learn((String) row[0], SqlTimes.instant(row[1]));
        }
        long cut = horizon.toEpochMilli();
        validAfter.values().removeIf(at -> at < cut);
    }

    /** Instants older than the longest token lifetime void nothing any more. Safe on every replica. */
    @Transactional
    int purge() {
        return em.createNativeQuery("DELETE FROM subject_revocation WHERE valid_after < ?1")
                .setParameter(1, horizon())
                .executeUpdate();
    }

    @Transactional
    void reread(String subject) {
        try {
            @SuppressWarnings("unchecked")
            List<Object> at = em.createNativeQuery("SELECT valid_after FROM subject_revocation WHERE subject = ?1")
                    .setParameter(1, subject)
                    .getResultList();
            at.stream().findFirst().ifPresent(v -> learn(subject, SqlTimes.instant(v)));
        } catch (RuntimeException e) {
            LOG.warnf("revocation of %s not read (%s); the next catch-up reads it", subject, e.getMessage());
        }
    }

    private void learn(String subject, Instant at) {
        long millis = at.toEpochMilli();
        Long before = validAfter.get(subject);
        if (before != null && before >= millis) {
            return;
        }
        validAfter.merge(subject, millis, Math::max);
        LOG.debugf("tokens of %s issued before %s are void", subject, at);
        revoked.fire(new SubjectRevoked(subject));
    }

    private Instant horizon() {
        return clock.instant().minus(Duration.ofSeconds(MAX_ACCESS_TOKEN_SECONDS + 60));
    }
}
