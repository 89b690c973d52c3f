package dev.zhijia.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.ValueCommands;
import org.jboss.logging.Logger;

/**
 * The pair a refresh token was just rotated into, kept in Redis for the grace period so a client whose
 * response was lost can ask again and get the same pair. The pair is sealed (AES-GCM) with a key derived from
 * the presented token, which Redis never sees: what Redis holds is useless without the old token. Losing it
 * only turns a retry into a reuse (the family is signed out), never the other way round.
 */
@ApplicationScoped
class RotationMemory {

    private static final Logger LOG = Logger.getLogger(RotationMemory.class);
    private static final String KEY = "auth:rotated:";

    private final ValueCommands<String, String> values;
    private final AuthConfig config;
    private final SecureRandom random = new SecureRandom();

    RotationMemory(RedisDataSource redis, AuthConfig config) {
        this.values = redis.value(String.class);
        this.config = config;
    }

    void remember(String presented, String tokenHash, Tokens.Rotation rotation) {
        if (config.refreshGraceSeconds() <= 0) {
            return;
        }
        String plain = String.join(
                "\n",
                rotation.pair().accessToken(),
                rotation.pair().refreshToken(),
                Long.toString(rotation.pair().expiresIn()),
                rotation.role());
        try {
            values.setex(KEY + tokenHash, config.refreshGraceSeconds(), seal(presented, plain));
        } catch (RuntimeException e) {
            LOG.debugf("rotation not remembered (%s): a retry of this refresh will count as reuse", e.getMessage());
        }
    }

    Optional<Tokens.Rotation> recall(String presented, String tokenHash) {
        String sealed;
        try {
            sealed = values.get(KEY + tokenHash);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (sealed == null) {
            return Optional.empty();
        }
        String[] parts;
        try {
            parts = open(presented, sealed).split("\n", 4);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (parts.length != 4) {
            return Optional.empty();
        }
        return Optional.of(
                new Tokens.Rotation(new Tokens.Pair(parts[0], parts[1], Long.parseLong(parts[2])), parts[3]));
    }

    private String seal(String presented, String plain) {
        byte[] iv = new byte[12];
        random.nextBytes(iv);
        try {
            Cipher c = cipher(Cipher.ENCRYPT_MODE, presented, iv);
            byte[] body = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder()
                    .encodeToString(ByteBuffer.allocate(iv.length + body.length)
                            .put(iv)
                            .put(body)
                            .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is in every JVM", e);
        }
    }

    private static String open(String presented, String sealed) {
        byte[] all = Base64.getDecoder().decode(sealed);
        try {
            Cipher c = cipher(Cipher.DECRYPT_MODE, presented, Arrays.copyOf(all, 12));
            return new String(c.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("a remembered rotation does not open with its own token", e);
        }
    }

    private static Cipher cipher(int mode, String presented, byte[] iv) throws GeneralSecurityException {
        // a key apart from the stored hash (SHA-256 of the token itself), so the database cannot open it either
        byte[] key = MessageDigest.getInstance("SHA-256")
                .digest(("rotation-key:" + presented).getBytes(StandardCharsets.UTF_8));
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        return c;
    }
}
