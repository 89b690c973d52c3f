package dev.zhijia.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.zhijia.common.Hashes;
import dev.zhijia.common.ProblemException;
import io.smallrye.jwt.build.Jwt;

/**
 * Access tokens (RS256 JWTs, short-lived) and refresh tokens (random, stored hashed, rotated on
 * every use). Presenting a refresh token that was already used means it leaked: the whole family
 * is revoked, so the thief and the owner both have to log in again.
 */
@ApplicationScoped
public class Tokens {

    public record Pair(String accessToken, String refreshToken, long expiresIn) {
    }

    private final SecureRandom random = new SecureRandom();
    private final AuthConfig config;
    private final Clock clock;

    Tokens(AuthConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** Starts a new family: a fresh login. */
    @Transactional
    public Pair issue(String subject, String role) {
        return issue(subject, role, HexFormat.of().formatHex(randomBytes(16)));
    }

    /**
     * Consumes a refresh token and returns the subject it belongs to; the caller then issues the
     * next pair in the same family with {@link #issueInFamily}.
     */
    @Transactional(dontRollbackOn = ProblemException.class)
    public RefreshToken consume(String presented) {
        Instant now = clock.instant();
        RefreshToken token = find(presented).orElseThrow(Tokens::invalid);
        if (token.revokedAt != null || token.expiresAt.isBefore(now)) {
            throw invalid();
        }
        int claimed = RefreshToken.update("usedAt = ?1 where id = ?2 and usedAt is null", now, token.id);
        if (claimed == 0) {
            revokeFamily(token.familyId, now);
            throw ProblemException.unauthorized("REFRESH_TOKEN_REUSED",
                    "This refresh token was already used; every session of this login is now signed out");
        }
        return token;
    }

    @Transactional
    public Pair issueInFamily(RefreshToken previous, String role) {
        return issue(previous.subject, role, previous.familyId);
    }

    /** Logout: the presented token's family is revoked. Unknown tokens are ignored (logout is idempotent). */
    @Transactional
    public void revoke(String presented) {
        find(presented).ifPresent(t -> revokeFamily(t.familyId, clock.instant()));
    }

    /** Signs every session of an account out, e.g. when a staff account is disabled. */
    @Transactional
    public void revokeSubject(String subject) {
        RefreshToken.update("revokedAt = ?1 where subject = ?2 and revokedAt is null", clock.instant(), subject);
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
        String access = Jwt.subject(subject).upn(subject).groups(Set.of(role))
                .issuedAt(now).expiresAt(now.plusSeconds(config.accessTokenSeconds())).sign();
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
        return ProblemException.unauthorized("REFRESH_TOKEN_INVALID", "The refresh token is invalid, expired or revoked");
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

}
