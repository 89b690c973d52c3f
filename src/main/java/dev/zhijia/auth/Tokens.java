package dev.zhijia.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.transaction.Transactional;

import dev.zhijia.common.Hashes;
import dev.zhijia.common.ProblemException;
import io.smallrye.jwt.build.Jwt;

/**
 * Access tokens (RS256 JWTs, short-lived) and refresh tokens (random, stored hashed, rotated on
 * every use). Presenting a refresh token that was already used means it leaked: the whole family
 * is revoked and the subject's access tokens are void ({@link Revocations}), so the thief and the owner
 * both have to log in again — unless it is the owner retrying a refresh whose answer was lost: within
 * {@code zhijia.auth.refresh-grace-seconds} of the rotation, while the new token is still unused, the same
 * new pair is returned again.
 */
@ApplicationScoped
public class Tokens {

    public record Pair(String accessToken, String refreshToken, long expiresIn) {}

    /** A rotated pair and the role it carries. */
    public record Rotation(Pair pair, String role) {}

    /** Fired inside the rotating transaction; the rotation is remembered for retries once it commits. */
    record Rotated(String presented, String tokenHash, Rotation rotation) {}

    /** Revoked refresh tokens are kept this long (for whoever investigates a sign-out), then purged. */
    static final Duration KEEP_REVOKED = Duration.ofDays(1);

    private final SecureRandom random = new SecureRandom();
    private final AuthConfig config;
    private final Clock clock;
    private final Revocations revocations;
    private final RotationMemory memory;
    private final Event<Rotated> rotated;

    Tokens(AuthConfig config, Clock clock, Revocations revocations, RotationMemory memory, Event<Rotated> rotated) {
        this.config = config;
        this.clock = clock;
        this.revocations = revocations;
        this.memory = memory;
        this.rotated = rotated;
    }

    /** Starts a new family: a fresh login. */
    @Transactional
    public Pair issue(String subject, String role) {
        return issue(subject, role, HexFormat.of().formatHex(randomBytes(16)));
    }

    /**
     * Consumes a refresh token and issues the next pair in its family, with the role {@code roleOf} reads
     * afresh for the token's subject (it throws when the account may no longer sign in).
     */
    @Transactional(dontRollbackOn = ProblemException.class)
    public Rotation rotate(String presented, Function<String, String> roleOf) {
        Instant now = clock.instant();
        RefreshToken token = find(presented).orElseThrow(Tokens::invalid);
        if (token.revokedAt != null || token.expiresAt.isBefore(now)) {
            throw invalid();
        }
        int claimed = RefreshToken.update("usedAt = ?1 where id = ?2 and usedAt is null", now, token.id);
        if (claimed == 0) {
            Optional<Rotation> again = retried(presented, token, now);
            if (again.isPresent()) {
                return again.get();
            }
            revokeFamily(token.familyId, now);
            revocations.revoke(token.subject);
            throw ProblemException.unauthorized(
                    AuthErrors.REFRESH_TOKEN_REUSED,
                    "This refresh token was already used; every session of this login is now signed out");
        }
        String role = roleOf.apply(token.subject);
        Rotation rotation = new Rotation(issue(token.subject, role, token.familyId), role);
        rotated.fire(new Rotated(presented, token.tokenHash, rotation));
        return rotation;
    }

    void remember(@Observes(during = TransactionPhase.AFTER_SUCCESS) Rotated event) {
        memory.remember(event.presented(), event.tokenHash(), event.rotation());
    }

    /** The pair this token was rotated into, when it is asked for again within the grace and not yet used. */
    private Optional<Rotation> retried(String presented, RefreshToken token, Instant now) {
        if (token.usedAt == null
                || token.usedAt.plusSeconds(config.refreshGraceSeconds()).isBefore(now)) {
            return Optional.empty();
        }
        Optional<Rotation> again = memory.recall(presented, token.tokenHash);
        if (again.isEmpty()) {
            return again;
        }
        RefreshToken next = find(again.get().pair().refreshToken()).orElse(null);
        if (next != null && next.revokedAt != null) {
            throw invalid(); // signed out meanwhile (logout, an account disabled): no pair, and no theft either
        }
        return next != null && next.usedAt == null ? again : Optional.empty();
    }

    /** Logout: the presented token's family is revoked. Unknown tokens are ignored (logout is idempotent). */
    @Transactional
    public void revoke(String presented) {
        find(presented).ifPresent(t -> revokeFamily(t.familyId, clock.instant()));
    }

    /**
     * Signs every session of an account out, e.g. when a staff account is disabled: its refresh tokens are
     * revoked and, within seconds on every replica, its access tokens refused and its live sockets closed.
     */
    @Transactional
    public void revokeSubject(String subject) {
        RefreshToken.update("revokedAt = ?1 where subject = ?2 and revokedAt is null", clock.instant(), subject);
        revocations.revoke(subject);
    }

    /**
     * Deletes up to {@code limit} refresh tokens nobody can use any more: expired ones, and revoked ones after
     * {@link #KEEP_REVOKED}. Used tokens stay until they expire, so reusing one is still recognised as theft.
     * Idempotent, so every replica may run it.
     */
    @Transactional
    int purge(int limit) {
        Instant now = clock.instant();
        return RefreshToken.getEntityManager()
                .createNativeQuery("DELETE FROM refresh_token WHERE expires_at < ?1 OR revoked_at < ?2 LIMIT " + limit)
                .setParameter(1, now)
                .setParameter(2, now.minus(KEEP_REVOKED))
                .executeUpdate();
    }

    private Pair issue(String subject, String role, String familyId) {
        Instant now = clock.instant();
        String refresh = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32));
        RefreshToken row = new RefreshToken();
        row.tokenHash = Hashes.sha256(refresh);
        row.familyId = familyId;
        row.subject = subject;
        row.createdAt = now;
        row.expiresAt = now.plus(Duration.ofDays(config.refreshTokenDays()));
        row.persist();
        String access = Jwt.subject(subject)
                .upn(subject)
                .groups(Set.of(role))
                .issuedAt(now)
                .claim(Revocations.ISSUED_AT_MILLIS, now.toEpochMilli())
                .expiresAt(now.plusSeconds(config.accessTokenSeconds()))
                .sign();
        return new Pair(access, refresh, config.accessTokenSeconds());
    }

    private static Optional<RefreshToken> find(String presented) {
        if (presented == null || presented.isBlank() || presented.length() > 128) {
            return Optional.empty();
        }
        return RefreshToken.find("tokenHash", Hashes.sha256(presented)).firstResultOptional();
    }

    private static void revokeFamily(String familyId, Instant now) {
        RefreshToken.update("revokedAt = ?1 where familyId = ?2 and revokedAt is null", now, familyId);
    }

    private static ProblemException invalid() {
        return ProblemException.unauthorized(
                AuthErrors.REFRESH_TOKEN_INVALID, "The refresh token is invalid, expired or revoked");
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
