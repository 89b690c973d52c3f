package dev.zhijia.door;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Device secrets at rest: AES-256-GCM with a key from a Secret ({@code zhijia.doors.secret-key}), a fresh
 * 12-byte nonce per secret, the door id as associated data (a ciphertext copied onto another door's row
 * does not decrypt). The HMACs of the QR and the commands need the secret itself, so a hash will not do.
 */
@ApplicationScoped
public class DoorSecrets {

    /** The repository's development key; the prod profile refuses it (common/ProductionGuard). */
    public static final String DEV_KEY = "ZGV2LWRvb3Itc2VjcmV0LWtleS0zMi1ieXRlcyEhISE=";

    public record Sealed(byte[] ciphertext, String keyId) {}

    private static final int NONCE_BYTES = 12;
    /** An instance field, not a static one: a SecureRandom made while the native image is built would be in its heap. */
    private final SecureRandom random = new SecureRandom();

    private final String currentId;
    private final Map<String, SecretKeySpec> keys = new HashMap<>();

    DoorSecrets(DoorConfig config) {
        this.currentId = config.secretKeyId();
        keys.put(currentId, key(config.secretKey()));
        config.previousSecretKey()
                .ifPresent(k -> keys.put(config.previousSecretKeyId().orElse("previous"), key(k)));
    }

    /** A new device secret: 32 random bytes, base64url (43 characters). */
    public String newSecret() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public Sealed seal(long doorId, String secret) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] ct =
                run(Cipher.ENCRYPT_MODE, keys.get(currentId), nonce, doorId, secret.getBytes(StandardCharsets.UTF_8));
        return new Sealed(
                ByteBuffer.allocate(NONCE_BYTES + ct.length).put(nonce).put(ct).array(), currentId);
    }

    public String open(long doorId, byte[] sealed, String keyId) {
        SecretKeySpec key = keys.get(keyId);
        if (key == null) {
            throw new IllegalStateException(
                    "door " + doorId + " is sealed with key " + keyId + ", which is not configured");
        }
        byte[] nonce = java.util.Arrays.copyOfRange(sealed, 0, NONCE_BYTES);
        byte[] ct = java.util.Arrays.copyOfRange(sealed, NONCE_BYTES, sealed.length);
        return new String(run(Cipher.DECRYPT_MODE, key, nonce, doorId, ct), StandardCharsets.UTF_8);
    }

    private static byte[] run(int mode, SecretKeySpec key, byte[] nonce, long doorId, byte[] in) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(mode, key, new GCMParameterSpec(128, nonce));
            c.updateAAD(("door:" + doorId).getBytes(StandardCharsets.UTF_8));
            return c.doFinal(in);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "door secret " + (mode == Cipher.ENCRYPT_MODE ? "sealing" : "opening") + " failed", e);
        }
    }

    private static SecretKeySpec key(String base64) {
        byte[] k = Base64.getDecoder().decode(base64.strip());
        if (k.length != 32) {
            throw new IllegalStateException(
                    "zhijia.doors.secret-key must be base64 of 32 bytes (AES-256), not " + k.length);
        }
        return new SecretKeySpec(k, "AES");
    }
}
