package dev.zhijia.common;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A shared HMAC secret that can be rotated without a moment where tokens stop working: the one way Zhijia signs
 * short stateless tokens (the stations' check-in QR, the doors' open codes). A sealed token is
 * {@code <kid>.<body>.<mac>}: {@code kid} is the first 8 hex of the secret's SHA-256 (it names the key without
 * revealing it), {@code mac} a 128-bit HMAC-SHA256 of {@code <kid>.<body>}. Tokens sealed with the current secret
 * or with the previous one (the one being retired) open; anything else does not.
 * <p>Rotation, for any feature that uses it ({@code zhijia.<feature>.secret} / {@code .previous-secret}):
 * <ol>
 *   <li>set {@code previous-secret} to the current value and {@code secret} to a new one; roll the replicas
 *       (a replica still on the old secret opens the new tokens only after it restarts — keep the rollout shorter
 *       than the tokens' life, or first roll out with the new secret as {@code previous-secret});</li>
 *   <li>after the longest token life has passed, remove {@code previous-secret} and roll again.</li>
 * </ol>
 */
public final class HmacKeys {

    private record Key(String id, byte[] secret) {
        static Key of(String secret) {
            return new Key(Hashes.sha256(secret).substring(0, 8), secret.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final Key current;
    private final Optional<Key> previous;

    private HmacKeys(Key current, Optional<Key> previous) {
        this.current = current;
        this.previous = previous;
    }

    /** The signing secret and, during a rotation, the one being retired (blank counts as none). */
    public static HmacKeys of(String secret, Optional<String> previousSecret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("an HMAC secret is required");
        }
        return new HmacKeys(
                Key.of(secret), previousSecret.filter(s -> !s.isBlank()).map(Key::of));
    }

    /** {@code <kid>.<body>.<mac>} with the current secret. */
    public String seal(String body) {
        String signed = current.id() + "." + body;
        return signed + "." + mac(current, signed);
    }

    /** The body of a token sealed with the current or the previous secret; empty for anything else. */
    public Optional<String> open(String token) {
        if (token == null) {
            return Optional.empty();
        }
        int first = token.indexOf('.');
        int last = token.lastIndexOf('.');
        if (first <= 0 || last <= first + 1) {
            return Optional.empty();
        }
        String kid = token.substring(0, first);
        Optional<Key> key = kid.equals(current.id()) ? Optional.of(current) : previous.filter(p -> p.id().equals(kid));
        if (key.isEmpty()) {
            return Optional.empty();
        }
        String signed = token.substring(0, last);
        boolean genuine = MessageDigest.isEqual(
                mac(key.get(), signed).getBytes(StandardCharsets.US_ASCII),
                token.substring(last + 1).getBytes(StandardCharsets.US_ASCII));
        return genuine ? Optional.of(token.substring(first + 1, last)) : Optional.empty();
    }

    /** The key id tokens are sealed with now (operators compare it across replicas during a rotation). */
    public String currentKeyId() {
        return current.id();
    }

    private static String mac(Key key, String signed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.secret(), "HmacSHA256"));
            byte[] full = mac.doFinal(signed.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(full, 16));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
