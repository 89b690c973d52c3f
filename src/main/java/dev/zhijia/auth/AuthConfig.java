package dev.zhijia.auth;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "zhijia.auth")
public interface AuthConfig {

    /** Access token lifetime; API.md allows at most two hours, and the start refuses more ({@link Revocations}). */
    @WithDefault("3600")
    int accessTokenSeconds();

    @WithDefault("30")
    int refreshTokenDays();

    /** Failed password logins per username within the lock-out window before it locks. */
    @WithDefault("5")
    int maxFailedLogins();

    @WithDefault("15")
    int lockoutMinutes();

    /** Failed logins from one client address per window: generous for a station's shared NAT, tight for a guesser. */
    @WithDefault("50")
    int maxFailedLoginsPerAddress();

    /** A refresh retried this soon after its rotation, before the new token is used, gets the same new pair. */
    @WithDefault("30")
    int refreshGraceSeconds();

    /** How often a replica re-reads revocations from MySQL ({@link Revocations}; read by its schedule). */
    @WithDefault("5s")
    String revocationPoll();

    /** How often expired and revoked refresh tokens are deleted ({@link TokenPurge}; {@code off} in tests). */
    @WithDefault("1h")
    String purgeEvery();

    /**
     * Key rotation: public keys (PEM locations) that verify access tokens besides
     * {@code mp.jwt.verify.publickey.location} — the next key before replicas sign with it, then the previous one
     * until its last token expired ({@link VerifiedTokens}, README "Key rotation").
     */
    Optional<List<String>> otherPublicKeys();
}
