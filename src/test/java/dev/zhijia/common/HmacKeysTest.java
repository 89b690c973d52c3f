package dev.zhijia.common;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The rotation every shared HMAC secret goes through (check-in QR, door codes), step by step, across replicas. */
class HmacKeysTest {

    private static final String OLD = "the-old-secret-0123456789abcdef-0123456789";
    private static final String NEW = "the-new-secret-0123456789abcdef-0123456789";

    @Test
    void aRotationNeverRefusesAGenuineToken() {
        HmacKeys before = HmacKeys.of(OLD, Optional.empty());
        String sealedBefore = before.seal("42.1000");
        assertEquals(Optional.of("42.1000"), before.open(sealedBefore));

        // step 1: new secret, the old one kept as previous. Tokens sealed before still open; new ones carry the new
        // kid.
        HmacKeys during = HmacKeys.of(NEW, Optional.of(OLD));
        assertEquals(Optional.of("42.1000"), during.open(sealedBefore));
        String sealedDuring = during.seal("42.1001");
        assertNotEquals(before.currentKeyId(), during.currentKeyId());
        assertEquals(during.currentKeyId(), sealedDuring.substring(0, sealedDuring.indexOf('.')));
        assertEquals(Optional.of("42.1001"), during.open(sealedDuring));
        // a replica not yet rolled cannot open the new tokens: why the rollout must be shorter than a token's life
        assertEquals(Optional.empty(), before.open(sealedDuring));

        // step 2, after the longest token life: the old secret is dropped and its tokens no longer open
        HmacKeys after = HmacKeys.of(NEW, Optional.empty());
        assertEquals(Optional.of("42.1001"), after.open(sealedDuring));
        assertEquals(Optional.empty(), after.open(sealedBefore));
    }

    @Test
    void forgedTamperedAndMalformedTokensDoNotOpen() {
        HmacKeys keys = HmacKeys.of(NEW, Optional.of(OLD));
        String token = keys.seal("door.7.1000");
        assertEquals(Optional.of("door.7.1000"), keys.open(token), "the body may itself contain dots");
        assertEquals(Optional.empty(), keys.open(token.replace(".7.", ".8.")));
        assertEquals(
                Optional.empty(),
                keys.open(token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A")));
        assertEquals(
                Optional.empty(),
                HmacKeys.of("another-secret-0123456789abcdef-01234", Optional.empty())
                        .open(token));
        String kid = keys.currentKeyId();
        for (String bad :
                new String[] {null, "", ".", "..", kid, kid + ".", kid + "..", kid + ".x", "x.y.z", "." + token}) {
            assertEquals(Optional.empty(), keys.open(bad), String.valueOf(bad));
        }
        assertThrows(IllegalArgumentException.class, () -> HmacKeys.of(" ", Optional.empty()));
        assertEquals(
                keys.currentKeyId(),
                HmacKeys.of(NEW, Optional.of(" ")).currentKeyId(),
                "a blank previous secret is none");
    }
}
