package dev.zhijia.auth;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.util.KeyUtils;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The access-token check with a memory: an RS256 signature check costs more than a whole sold-out tap,
 * and a member's phone sends the same token for an hour. A token this replica has verified is taken again
 * without re-checking the signature until its {@code exp}; anything else (new, forged, expired, a token
 * over the bound) goes through the full check every time. Only the exact token string ever hits, so the
 * memory cannot accept anything the full check would refuse before its expiry. Either way a token of a subject
 * revoked after it was issued ({@link Revocations}) is refused, and the revocation drops what is remembered of it.
 * <p>Key rotation: besides {@code mp.jwt.verify.publickey.location}, the public keys listed in
 * {@code zhijia.auth.other-public-keys} verify tokens too — the next key before any replica signs with it, then
 * the previous one until the longest access token it signed has expired (README "Key rotation"). A token the
 * main key refuses for its signature is tried against those; its issuer, expiry and revocation are checked the same.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokens implements JWTParser {

    private record Verified(JsonWebToken token, long expiresAtSecond) {}

    private final DefaultJWTParser delegate;
    private final Revocations revocations;
    private final int maxEntries;
    private final List<JWTAuthContextInfo> otherKeys;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    @Inject
    VerifiedTokens(
            DefaultJWTParser delegate,
            JWTAuthContextInfo context,
            Revocations revocations,
            @ConfigProperty(name = "zhijia.auth.verified-token-cache", defaultValue = "50000") int maxEntries,
            AuthConfig config) {
        this(delegate, context, revocations, maxEntries, config.otherPublicKeys());
    }

    VerifiedTokens(
            DefaultJWTParser delegate,
            JWTAuthContextInfo context,
            Revocations revocations,
            int maxEntries,
            Optional<List<String>> otherKeys) {
        this.delegate = delegate;
        this.revocations = revocations;
        this.maxEntries = maxEntries;
        this.otherKeys = otherKeys.orElse(List.of()).stream()
                .filter(location -> !location.isBlank())
                .map(location -> withKey(context, location))
                .toList();
    }

    /** The configured check (issuer, algorithm, clock skew) with another verification key. */
    private static JWTAuthContextInfo withKey(JWTAuthContextInfo context, String location) {
        JWTAuthContextInfo other = new JWTAuthContextInfo(context);
        other.setPublicKeyLocation(null);
        other.setPublicKeyContent(null);
        try {
            other.setPublicVerificationKey(KeyUtils.readPublicKey(location));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(
                    "zhijia.auth.other-public-keys: cannot read a public key at " + location, e);
        }
        return other;
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        long now = System.currentTimeMillis() / 1000;
        Verified known = verified.get(token);
        if (known != null && now < known.expiresAtSecond()) {
            return unlessRevoked(known.token());
        }
        JsonWebToken jwt = unlessRevoked(fullCheck(token));
        // when full, the token is simply not kept: the minute's sweep makes room (no scan on this path)
        if (jwt.getExpirationTime() > now && token.length() <= 4096 && verified.size() < maxEntries) {
            verified.put(token, new Verified(jwt, jwt.getExpirationTime()));
        }
        return jwt;
    }

    /** The main key's check, then (during a rotation) the other keys'; the main key's refusal when none accepts. */
    private JsonWebToken fullCheck(String token) throws ParseException {
        try {
            return delegate.parse(token);
        } catch (ParseException refused) {
            for (JWTAuthContextInfo other : otherKeys) {
                try {
                    return delegate.parse(token, other);
                } catch (ParseException alsoRefused) {
                    // the next key, if any
                }
            }
            throw refused;
        }
    }

    private JsonWebToken unlessRevoked(JsonWebToken jwt) throws ParseException {
        if (!revocations.accepts(jwt)) {
            throw new ParseException("the token was issued before its account was signed out");
        }
        return jwt;
    }

    void forget(@Observes SubjectRevoked event) {
        verified.values().removeIf(v -> event.subject().equals(v.token().getSubject()));
    }

    @Scheduled(every = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetExpired() {
        long now = System.currentTimeMillis() / 1000;
        verified.values().removeIf(v -> v.expiresAtSecond() <= now);
    }

    int size() {
        return verified.size();
    }

    // Everything else is the full check, unchanged.

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return delegate.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return delegate.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return delegate.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return delegate.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return delegate.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return delegate.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return delegate.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return delegate.parseOnly(token);
    }
}
